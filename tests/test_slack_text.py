"""Slack markup in and out: questions read as people meant them, echoes never ping anyone."""

from __future__ import annotations

import pytest

from bot.understanding.slack_text import (
    code_block,
    escape,
    link,
    question_from_slack,
    quote,
    truncate,
    unescape,
)


def test_escape_turns_every_mention_token_into_literal_text() -> None:
    for live in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C123|general>", "<!subteam^S1|@team>"):
        escaped = escape(live)
        assert "<" not in escaped and ">" not in escaped
        assert unescape(escaped) == live


def test_escape_ampersand_first_so_entities_survive() -> None:
    assert escape("a & b <c>") == "a &amp; b &lt;c&gt;"
    assert escape("&lt;") == "&amp;lt;"


@pytest.mark.parametrize(
    ("slack", "plain"),
    [
        ("<@UBOT> social enterprises in Karlskoga?", "social enterprises in Karlskoga?"),
        ("<@UBOT|samverka> hjälp", "hjälp"),
        ("<!channel> who can help in Luleå", "who can help in Luleå"),
        ("<!here|here> events", "events"),
        ("ask <@U777|anna> about <#C42|general>", "ask about"),
        ("ask <@U777> about <#C42>", "ask about"),
        ("see <https://example.org|the site> and <https://x.org>", "see the site (example) and x"),
        ("<https://www.x.se/sociala-foretag-i-umea.html>", "x sociala foretag i umea"),
        ("<@U0123> sociala företag i Örebro? :pray: :skin-tone-2:", "sociala företag i Örebro?"),
        ("*fet* _kursiv_ `kod` ~struken~ snake_case", "fet kursiv kod struken snake_case"),
        ("&gt; citerat\n```kodblock\nrad```", "citerat\nkodblock\nrad"),
        ("kl. 10:30 i Umeå", "kl. 10:30 i Umeå"),
        ("a <[> b", "a [ b"),  # not an address (urlsplit would refuse it): its text stays
        ("5 &lt; 6 &amp;&amp; 7 &gt; 2", "5 < 6 && 7 > 2"),
        ("  lots \t of   space \n\n second line ", "lots of space\nsecond line"),
        ("<!date^1392734382^{date}|Feb 18, 2014> events", "Feb 18, 2014 events"),
        ("", ""),
    ],
)
def test_question_from_slack(slack: str, plain: str) -> None:
    assert question_from_slack(slack, bot_user_id="UBOT") == plain


def test_question_drops_every_mention() -> None:
    assert question_from_slack("<@UBOT> <@UBOT> x", bot_user_id="UBOT") == "x"
    assert question_from_slack("<@UBOT> x", bot_user_id=None) == "x"


def test_truncate_prefers_word_boundaries_and_respects_limit() -> None:
    text = "alpha beta gamma delta epsilon"
    cut = truncate(text, 20)
    assert len(cut) <= 20 and cut.endswith("…") and cut == "alpha beta gamma…"
    assert truncate("short", 20) == "short"
    assert len(truncate("x" * 100, 10)) == 10


def test_link_only_for_plain_addresses() -> None:
    assert link("https://example.org/a", "Site") == "<https://example.org/a|Site>"
    assert link("mailto:a@example.org", "a@example.org") == "<mailto:a@example.org|a@example.org>"
    assert link("https://example.org", "a|b <c>") == "<https://example.org|a¦b &lt;c&gt;>"
    # A knowledge-base URL that could break out of the token is shown, escaped, not linked.
    assert link("https://x.org/|<!channel>", "X") == "X: https://x.org/|&lt;!channel&gt;"
    assert link("javascript:alert(1)", "X") == "X: javascript:alert(1)"
    assert link(None, "X") == "X"


def test_quote_and_code_block_escape() -> None:
    assert quote("<!here>\nsecond") == ">&lt;!here&gt;\n>second"
    assert code_block("a.yaml:3: bad <x> ```") == "```a.yaml:3: bad &lt;x&gt; `\u200b`````"


def test_a_website_published_without_its_scheme_still_links() -> None:
    from bot.understanding.slack_text import link

    assert link("www.urkraft.se", "Webb") == "<https://www.urkraft.se|Webb>"
    assert link("https://example.se/a", "Webb") == "<https://example.se/a|Webb>"
    assert link("javascript:alert(1)", "Webb") == "Webb: javascript:alert(1)"
