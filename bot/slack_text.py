"""Slack's message markup, both ways: reading a question out of it, and writing text into it safely.

Slack sends mentions, channels and links as `<…>` tokens and escapes `&`, `<`, `>` itself. We turn a
message into the plain question a person meant, and escape everything we echo back (a question, a
knowledge-base name) so that nothing a user or a maintainer typed can ping a channel or a person.
"""

from __future__ import annotations

import re

# One Slack token: <@U123>, <@U123|name>, <#C123|general>, <!here>, <!subteam^S1|@team>, <https://x|label>
_TOKEN = re.compile(r"<([^<>]*)>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SAFE_URL = re.compile(r"^(https?://|mailto:|tel:)[^\s<>|]+$", re.IGNORECASE)


def escape(text: str) -> str:
    """Text as Slack shows it literally: `&`, `<`, `>` escaped, so `<!channel>` stays words."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack's own escaping undone (`&lt;` → `<`), the inverse of `escape`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _token_text(body: str, bot_user_id: str | None) -> str:
    target, _, label = body.partition("|")
    if target.startswith("@"):
        if bot_user_id and target[1:] == bot_user_id:
            return ""  # "@Samverka" is how the question was addressed, not part of it
        return f"@{label.lstrip('@')}" if label else "@someone"
    if target.startswith("#"):
        return f"#{label}" if label else "#channel"
    if target.startswith("!"):
        special = target[1:]
        if label:  # <!subteam^S1|@team>, <!date^…|fallback>
            return label
        head = special.split("^", 1)[0]
        return f"@{head}" if head in ("channel", "here", "everyone") else ""
    return label or target  # a link: its label if it has one, else the address


def question_from_slack(text: str, *, bot_user_id: str | None = None) -> str:
    """The plain question in a Slack message: tokens made readable, the bot's own mention dropped."""
    plain = _TOKEN.sub(lambda m: _token_text(m.group(1), bot_user_id), text or "")
    lines = [_SPACES.sub(" ", line).strip() for line in unescape(plain).splitlines()]
    return "\n".join(line for line in lines if line)


def truncate(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """`text` cut to at most `limit` characters, on a word boundary where one is near."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(ellipsis), 0)]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ellipsis


def link(url: str | None, label: str) -> str:
    """A mrkdwn link to a published address; anything that is not a plain web, mail or phone address
    (or could break out of the `<…|…>` token) is shown as escaped text instead."""
    if url and _SAFE_URL.match(url):
        return f"<{url}|{escape(label).replace('|', '¦')}>"
    return escape(label if not url else f"{label}: {url}")


def quote(text: str) -> str:
    """User text as an escaped mrkdwn block quote, one `>` per line."""
    return "\n".join(f">{escape(line)}" for line in text.splitlines() or [""])


def code_block(text: str) -> str:
    """Text shown verbatim in a mrkdwn code block (problems from `check`, with file names)."""
    return "```" + escape(text).replace("```", "`\u200b``") + "```"
