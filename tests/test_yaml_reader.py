"""The one YAML reader gives what PyYAML's own composer gives, plus a line for every value.

The reader walks the C parser's events once. These tests hold it to an independent oracle — PyYAML's
node tree (`yaml.compose`), its scalars constructed the safe way and its marks turned into lines —
on the shipped knowledge and on generated documents full of YAML's traps: the same values (types
included), the same lines, and a refusal exactly where the knowledge base refuses (aliases, tags
beyond the standard scalars, merge keys, duplicate keys, a second document, deep nesting).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.constructor import SafeConstructor

from bot.knowledge.yaml_reader import MAX_DEPTH, YamlDocument, parse_yaml
from tests.hypothesis_profiles import examples
from tests.knowledge_files import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
_SCALAR_TAGS = {f"tag:yaml.org,2002:{n}" for n in ("str", "int", "float", "bool", "null", "timestamp")}


def typed(value: object) -> object:
    """`value` with every leaf tagged by its type, so True is not 1 and 1 is not 1.0."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


class _Refused(Exception):
    pass


def oracle(text: str) -> tuple[object, dict[tuple, int]] | None:
    """PyYAML's composer's reading under the knowledge base's rules; None for a refused or broken
    document. Keys stay as written; a scalar the constructor cannot read stays text."""
    try:
        loader = yaml.CSafeLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return None
    constructor = SafeConstructor()
    lines: dict[tuple, int] = {}

    def build(node: yaml.Node, at: tuple, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise _Refused
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                raise _Refused
            if node.tag.endswith(":str"):
                return node.value
            try:
                return constructor.construct_object(node)
            except (ValueError, yaml.constructor.ConstructorError):
                return node.value
        if isinstance(node, yaml.SequenceNode):
            if not node.tag.endswith(":seq"):
                raise _Refused
            items = []
            for index, item in enumerate(node.value):
                lines[(*at, index)] = item.start_mark.line + 1
                items.append(build(item, (*at, index), depth + 1))
            return items
        if not node.tag.endswith(":map"):
            raise _Refused
        result: dict[str, object] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag not in _SCALAR_TAGS or key.value in result:
                raise _Refused  # a collection as a key, a merge or value key, a duplicate
            lines[(*at, key.value)] = key.start_mark.line + 1
            result[key.value] = build(value, (*at, key.value), depth + 1)
        return result

    if node is None:
        return None, {}
    try:
        return build(node, (), 0), lines
    except _Refused:
        return None


def assert_same_as_oracle(text: str) -> None:
    document, problems = parse_yaml(text, "x.yaml")
    expected = oracle(text)
    if expected is None:
        if document is not None:  # PyYAML refused (or we do): the reader must refuse too, and say why
            assert problems, text
        return
    data, lines = expected
    if document is None:  # only a rule PyYAML's composer does not know may refuse: the depth limit
        assert any("nested" in p.message for p in problems), (text, problems)
        return
    assert problems == []
    assert typed(document.data) == typed(data)
    assert document.positions.lines() == lines


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "knowledge").glob("*.yaml")))
def test_shipped_files_read_as_pyyaml_reads_them(name: str) -> None:
    assert_same_as_oracle((ROOT / "knowledge" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(MINIMAL))
def test_minimal_files_read_as_pyyaml_reads_them(name: str) -> None:
    assert_same_as_oracle(MINIMAL[name])


def test_lines_and_text_as_written() -> None:
    document, problems = parse_yaml("- id: a\n  name: A\n- id: b\n  code: 0114\n", "x.yaml")
    assert problems == [] and isinstance(document, YamlDocument)
    assert document.line((1, "code")) == 4
    assert document.line((1, "code", 7)) == 4  # the nearest enclosing value
    assert document.line((5,)) == 1  # nothing there: the file's first line
    assert document.positions.plain_text((1, "code")) == "0114"
    assert document.positions.plain_text((0, "name")) is None
    assert document.data == [{"id": "a", "name": "A"}, {"id": "b", "code": 76}]


@pytest.mark.parametrize(
    "text",
    [
        "- &a x\n- *a\n",  # alias
        "a: !!str 1\n",  # explicit tag, allowed
        "a: !include x\n",  # explicit tag, refused
        "!!map {a: 1}\n",
        "<<: {a: 1}\n",  # merge key
        "=: 1\n",  # value key
        "'<<': 1\n",  # quoted: plain text
        "a: 1\na: 2\n",  # duplicate key
        "[a, b]: 1\n",  # a list as a key
        "a: =\n",  # YAML's value tag
        "a: 1\n---\nb: 2\n",  # a second document
        "a: [1, 2\n",  # syntax error
        "a: b: c\n",
        "\x07\n",  # unreadable character
        "",
        "# only a comment\n",
        "~\n",
        "a:\n",
        "2020-01-01\n",
        "a: 2018-13-45\n",  # not a date: kept as text
        "a: 2020-11-10T09:00:00+01:00\n",
        "a: [yes, No, on, OFF, y, n, ~, null, '', .inf, -.Inf, .nan, 0x1F, 0o17, 017, 1_000, 1e3, +1, -0]\n",
        "no: 1\n2020: x\ntrue: y\n~: z\n",  # keys stay as written
        "a: &x 1\nb: &y [1, 2]\n",  # anchors without aliases are harmless
        "- |\n  block\n  text\n- >\n  folded\n  text\n",
        "- \"quoted\\ttext\"\n- 'single'\n",
        "? a\n: 1\n",
    ],
)
def test_unusual_documents_read_as_pyyaml_reads_them(text: str) -> None:
    assert_same_as_oracle(text)


def test_nesting_limit() -> None:
    for depth in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
        assert_same_as_oracle("[" * depth + "x" + "]" * depth + "\n")
        assert_same_as_oracle("[" * depth + "]" * depth + "\n")
        assert_same_as_oracle("{a: " * depth + "x" + "}" * depth + "\n")


# Scalars YAML 1.1 reads as something other than text, and text that only looks like them.
_TRAPS = st.sampled_from(
    [
        "yes", "No", "on", "Off", "y", "n", "true", "False", "null", "~", "", " ", "0114", "0x1F",
        "1_000", "1e3", ".5", "-.inf", ".NaN", "2020-01-01", "2020-1-1", "2018-13-45",
        "2020-11-10 09:00:00", "2020-11-10T09:00:00+01:00", "<<", "=", "!", "&", "*", "#", "-", "- x",
        "a: b", "'", '"', "x\ny", "  lead", "trail  ", "Örebro", "Jēkabpilī", "emoji 🙂", "123", "-7",
    ]
)  # fmt: skip
_SCALARS = st.one_of(
    _TRAPS,
    st.text(max_size=12),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
)
_KEYS = st.one_of(_TRAPS, st.text(max_size=8))
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=25,
)


@settings(
    max_examples=examples(300), deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(_DATA, st.sampled_from([False, True, None]))
def test_generated_documents_read_the_same(data: object, flow: bool | None) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    assert_same_as_oracle(text)


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(_DATA, st.data())
def test_edited_documents_read_the_same(data: object, draw: st.DataObject) -> None:
    """A dumped document with a line changed by hand: an alias, a tag, a copied line, a broken one."""
    lines = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).splitlines()
    at = draw.draw(st.integers(0, len(lines)))
    edit = draw.draw(
        st.sampled_from(["- *a", "x: *a", "x: &a 1", "!!str x", "x: !!int 1", "x: !foo 1", "<<: {}", "---"])
    )
    if draw.draw(st.booleans()) and lines:
        edit = lines[min(at, len(lines) - 1)]  # a duplicated line: often a duplicate key
    assert_same_as_oracle("\n".join([*lines[:at], edit, *lines[at:]]) + "\n")


@settings(max_examples=examples(300), deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#?,% \n\tab1é<=~")), max_size=80))
def test_any_text_reads_the_same(text: str) -> None:
    assert_same_as_oracle(text)


def test_datetimes_and_dates_keep_their_types() -> None:
    document, _ = parse_yaml("a: 2020-01-01\nb: 2020-01-01 10:00:00\n", "x.yaml")
    assert document is not None and isinstance(document.data, dict)
    assert type(document.data["a"]) is date
    assert type(document.data["b"]) is datetime
