"""Slack's message markup, both ways: reading a question out of it, and writing text into it safely.

Slack sends mentions, channels and links as `<…>` tokens and escapes `&`, `<`, `>` itself. We turn a
message into the plain question a person meant, and escape everything we echo back (a question, a
knowledge-base name) so that nothing a user or a maintainer typed can ping a channel or a person.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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


_EMOJI = re.compile(r"(?<![\w:]):[a-z0-9_+'-]+(?:::skin-tone-\d)?:(?![\w:])", re.IGNORECASE)
_FENCE = re.compile(r"```+")
# Formatting marks at a word's edge: *bold*, _italics_, ~strike~, `code`; never inside a word ("snake_case").
_MARK = re.compile(r"(?<![\w*_~`])[*_~`]+(?=\S)|(?<=\S)[*_~`]+(?![\w*_~`])")
_QUOTE = re.compile(r"^\s*(?:&gt;|>)+\s?", re.MULTILINE)
_URL_PARTS = re.compile(r"[/?#=&.:_+%\s-]+")
_URL_NOISE = frozenset({"https", "http", "www", "html", "htm", "php", "aspx", "mailto", "tel"})


def url_words(url: str) -> str:
    """The words a web address carries, as a person reads them: the site's own name and its path
    ("https://www.msi.se/sociala-foretag-i-umea" -> "msi sociala foretag i umea"); the scheme, "www",
    the country ending and file endings are not words."""
    try:
        parts = urlsplit(url if "//" in url or url.startswith(("mailto:", "tel:")) else f"//{url}")
        host = parts.hostname or ""
    except ValueError:  # "<[…>" is no address: its words are the text itself
        return " ".join(part for part in _URL_PARTS.split(url) if part)
    if parts.scheme in ("mailto", "tel"):
        return ""
    labels = [label for label in host.split(".") if label and label != "www"]
    site = labels[-2] if len(labels) >= 2 else "".join(labels)
    path = " ".join(part for part in _URL_PARTS.split(f"{parts.path} {parts.query}") if part)
    words = [site, *(word for word in path.split() if word.casefold() not in _URL_NOISE)]
    return " ".join(word for word in words if word)


def _token_text(body: str, bot_user_id: str | None) -> str:
    """A `<…>` token as the words a reader takes from it: a link's label and address words; nothing for
    mentions of people, channels or groups (they address someone, they ask nothing)."""
    target, _, label = body.partition("|")
    if target.startswith(("@", "#")):
        return ""
    if target.startswith("!"):
        return label if target.startswith("!date^") else ""  # a date keeps its readable fallback
    words = url_words(target)
    return f"{label} ({words})" if label and words else label or words


def link_words(text: str) -> frozenset[str]:
    """The folded words of the addresses linked in a Slack message ("mucf", "ideburetoffentligtpartnerskap"):
    read with the question, but no sign that it is about something else."""
    from bot.understanding.text import words  # the text module needs nothing of this one

    found: set[str] = set()
    for match in _TOKEN.finditer(text or ""):
        target = match.group(1).partition("|")[0]
        if not target.startswith(("@", "#", "!")):
            found.update(words(url_words(target)))
    return frozenset(found)


def question_from_slack(text: str, *, bot_user_id: str | None = None) -> str:
    """The plain question in a Slack message, read as a person reads it: links become their label and
    the words of their address, mentions and emoji shortcodes are dropped, and formatting (bold, italics,
    code, block quotes) is kept as plain words. Harmless on text that has no Slack markup."""
    plain = _TOKEN.sub(lambda m: " " + _token_text(m.group(1), bot_user_id) + " ", text or "")
    plain = _QUOTE.sub("", _FENCE.sub(" ", plain))
    plain = _MARK.sub("", _EMOJI.sub(" ", unescape(plain)))
    lines = [_SPACES.sub(" ", line).strip() for line in plain.splitlines()]
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
    if url and url.lower().startswith("www."):  # a website as published without its scheme
        url = "https://" + url
    if url and _SAFE_URL.match(url):
        return f"<{url}|{escape(label).replace('|', '¦')}>"
    return escape(label if not url else f"{label}: {url}")


def quote(text: str) -> str:
    """User text as an escaped mrkdwn block quote, one `>` per line."""
    return "\n".join(f">{escape(line)}" for line in text.splitlines() or [""])


def code_block(text: str) -> str:
    """Text shown verbatim in a mrkdwn code block (problems from `check`, with file names)."""
    return "```" + escape(text).replace("```", "`\u200b``") + "```"
