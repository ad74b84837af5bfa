"""A safe YAML reader that remembers the line of every value.

The knowledge base is edited by hand, so every complaint must point at a line. PyYAML's own loaders
forget positions, and its aliases allow "billion laughs" bombs, so this module builds plain Python
values from the C parser's event stream itself, walking it once: only the standard tags (no
`!include`, no `!!python/…`), no aliases, no duplicate keys, a nesting limit, one document per file.

Lines are kept beside the values, one small table per mapping or list (keyed by the container's
identity), instead of a path tuple per value: that is what keeps one careful read as fast as the
line-less read it replaced. A plain scalar whose first character no implicit tag can start with is
taken as text without asking the resolver.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from bot.knowledge.problem import Problem

MAX_DEPTH = 32  # the deepest real entry (an event's reminders) is 4 levels
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; refusing to read further"

Loc = tuple[str | int, ...]

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"

# First characters of plain scalars that YAML may read as something other than text.
_MAYBE_NOT_TEXT = frozenset(Resolver.yaml_implicit_resolvers)
assert None not in _MAYBE_NOT_TEXT, "a resolver for any first character: every plain scalar needs resolving"


class YamlPositions:
    """Where each value of one document is written: a mapping value -> its key's line, a list item ->
    its own line; and unquoted non-strings as written (`0114`, which YAML reads as the number 76)."""

    def __init__(
        self,
        data: object,
        lines: dict[int, dict[str, int] | list[int]],
        plain: dict[int, dict[str | int, str]],
        root_plain: str | None = None,
    ) -> None:
        self._data = data
        self._lines = lines
        self._plain = plain
        self._root_plain = root_plain

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of the nearest enclosing value that has one."""
        found = 1
        container = self._data
        for part in loc:
            table = self._lines.get(id(container))
            if table is None:
                break
            try:
                found = table[part] + 1  # type: ignore[index,operator]
                container = container[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                break
        return found

    def plain_text(self, loc: Loc) -> str | None:
        """The value at `loc` as written, when YAML read it as something other than text."""
        if not loc:
            return self._root_plain
        container = self._data
        for part in loc[:-1]:
            try:
                container = container[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                return None
        return self._plain.get(id(container), {}).get(loc[-1])

    def lines(self) -> dict[Loc, int]:
        """Every recorded line by path (for tests and tools; the loader asks `line`)."""
        found: dict[Loc, int] = {}

        def walk(value: object, at: Loc) -> None:
            table = self._lines.get(id(value))
            if table is None:
                return
            items = table.items() if isinstance(table, dict) else enumerate(table)
            for key, line in items:
                found[(*at, key)] = line + 1
                walk(value[key], (*at, key))  # type: ignore[index]

        walk(self._data, ())
        return found


@dataclass(frozen=True)
class YamlDocument:
    """Plain data (dict, list, str, int, float, bool, None, date, datetime) and where it is written."""

    data: object
    positions: YamlPositions

    def line(self, loc: Loc) -> int:
        return self.positions.line(loc)


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml_bytes(raw: bytes, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Decode UTF-8 (a BOM is fine) and parse; `shown` is the path used in problems."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(shown, line, f"not UTF-8 text (byte {raw[exc.start]:#04x}); save the file as UTF-8")
        ]
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document. Fatal problems give `None`; duplicate keys are reported but kept first."""
    reader = _Reader(text)
    try:
        data = reader.document()
    except _Refused as exc:
        return None, [
            *(Problem(shown, line, msg) for line, msg in reader.problems),
            Problem(shown, exc.line, exc.message),
        ]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        if "nesting depth" in (exc.problem or ""):  # PyYAML >= 6.0.4 stops deep flow nesting itself
            return None, [Problem(shown, line, TOO_DEEP)]
        detail = exc.problem or "cannot parse"
        if exc.context:
            detail = f"{detail} ({exc.context})"
        return None, [Problem(shown, line, f"YAML syntax error: {detail}")]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return None, [Problem(shown, line, f"YAML cannot read character {char}: {exc.reason}")]
    except yaml.YAMLError as exc:  # anything else the parser can say
        return None, [Problem(shown, 1, f"YAML error: {exc}")]
    finally:
        reader.close()
    problems = [Problem(shown, line, message) for line, message in reader.problems]
    return YamlDocument(data, YamlPositions(data, reader.lines, reader.plain, reader.root_plain)), problems


class _Reader:
    """Turns parser events into plain values, recording each value's line as it goes."""

    def __init__(self, text: str) -> None:
        self._loader = _Parser(text)
        self._next = self._loader.get_event
        self._resolver = Resolver()
        self._constructor = SafeConstructor()
        self._text_keys: set[str] = set()  # plain keys already found to be acceptable
        self.lines: dict[int, dict[str, int] | list[int]] = {}
        self.plain: dict[int, dict[str | int, str]] = {}
        self.problems: list[tuple[int, str]] = []
        self.root_plain: str | None = None

    def close(self) -> None:
        self._loader.dispose()

    def document(self) -> object:
        self._expect(yaml.StreamStartEvent)
        event = self._next()
        if type(event) is yaml.StreamEndEvent:
            return None  # an empty file
        event = self._next()
        if type(event) is yaml.ScalarEvent:  # a document that is one value
            value, plain = self._scalar(event)
            self.root_plain = plain
        else:
            value = self._node(event, 0)
        self._expect(yaml.DocumentEndEvent)
        event = self._next()
        if type(event) is not yaml.StreamEndEvent:
            raise _Refused(_line(event), "a second YAML document ('---') in one file; use one list")
        return value

    def _expect(self, kind: type[yaml.Event]) -> None:
        event = self._next()
        if type(event) is not kind:  # the parser guarantees the order; this only guards it
            raise _Refused(_line(event), f"unexpected YAML structure ({type(event).__name__})")

    def _node(self, event: yaml.Event, depth: int) -> object:
        """A collection (or a scalar below the nesting limit, refused like any other node)."""
        kind = type(event)
        if kind is yaml.AliasEvent:
            raise _Refused(
                _line(event),
                f"YAML aliases (*{event.anchor}) are not allowed in the knowledge base; write the value out",  # type: ignore[attr-defined]
            )
        if depth > MAX_DEPTH:
            raise _Refused(_line(event), TOO_DEEP)
        if kind is yaml.SequenceStartEvent:
            return self._sequence(event, depth)  # type: ignore[arg-type]
        if kind is yaml.MappingStartEvent:
            return self._mapping(event, depth)  # type: ignore[arg-type]
        if kind is yaml.ScalarEvent:
            return self._scalar(event)[0]  # type: ignore[arg-type]
        raise _Refused(_line(event), f"unexpected YAML structure ({kind.__name__})")

    def _sequence(self, start: yaml.SequenceStartEvent, depth: int) -> list[object]:
        _check_tag(start, _SEQ_TAG)
        items: list[object] = []
        lines: list[int] = []
        plain: dict[str | int, str] = {}
        inline = depth < MAX_DEPTH  # a scalar item is one level deeper
        next_event, scalar, end = self._next, yaml.ScalarEvent, yaml.SequenceEndEvent
        while type(item := next_event()) is not end:
            lines.append(item.start_mark.line)  # 0-based here; `YamlPositions` adds 1
            if type(item) is scalar and inline:
                if item.tag is None and (not item.implicit[0] or item.value[:1] not in _MAYBE_NOT_TEXT):
                    items.append(item.value)
                    continue
                value, written = self._scalar(item)
                if written is not None:
                    plain[len(items)] = written
                items.append(value)
                continue
            items.append(self._node(item, depth + 1))
        self.lines[id(items)] = lines
        if plain:
            self.plain[id(items)] = plain
        return items

    def _mapping(self, start: yaml.MappingStartEvent, depth: int) -> dict[str, object]:
        _check_tag(start, _MAP_TAG)
        result: dict[str, object] = {}
        lines: dict[str, int] = {}
        plain: dict[str | int, str] = {}
        inline = depth < MAX_DEPTH
        next_event, scalar, end = self._next, yaml.ScalarEvent, yaml.MappingEndEvent
        text_keys = self._text_keys
        while type(key := next_event()) is not end:
            if type(key) is not scalar:
                raise _Refused(_line(key), "a mapping key must be a plain name, not a list or mapping")
            name = key.value
            if key.tag is not None or name not in text_keys:
                self._check_key(key)
            # Keys are field names: kept as written, so `no:` or `2020:` stay text, not YAML 1.1's
            # boolean or number.
            value_event = next_event()
            if name in lines:
                first = lines[name] + 1
                self.problems.append((_line(key), f"duplicate key '{name}' (first at line {first})"))
                self._node(value_event, depth + 1)  # parse and drop
                continue
            lines[name] = key.start_mark.line  # 0-based here; `YamlPositions` adds 1
            if type(value_event) is scalar and inline:
                if value_event.tag is None and (
                    not value_event.implicit[0] or value_event.value[:1] not in _MAYBE_NOT_TEXT
                ):
                    result[name] = value_event.value
                    continue
                value, written = self._scalar(value_event)
                if written is not None:
                    plain[name] = written
                result[name] = value
                continue
            result[name] = self._node(value_event, depth + 1)
        self.lines[id(result)] = lines
        if plain:
            self.plain[id(result)] = plain
        return result

    def _scalar(self, event: yaml.ScalarEvent) -> tuple[object, str | None]:
        """The value, and its text as written when it is not a string."""
        if event.tag is None or event.tag == "!":
            tag = self._resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        else:
            tag = event.tag
        if tag not in _SCALAR_TAGS:
            raise _Refused(_line(event), _tag_message(event.tag or tag))
        if tag == _STR_TAG:
            return event.value, None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self._constructor.yaml_constructors[tag](self._constructor, node), event.value
        except (ValueError, yaml.constructor.ConstructorError):
            return event.value, event.value  # "2018-13-45": kept as text; the schema says what is wrong

    def _check_key(self, key: yaml.ScalarEvent) -> None:
        """Refuse a merge key or a tag beyond the standard scalars; remember a plain key that is text."""
        if key.tag is None or key.tag == "!":
            tag = self._resolver.resolve(yaml.ScalarNode, key.value, key.implicit)
        else:
            tag = key.tag
        if tag == _MERGE_TAG:
            raise _Refused(_line(key), "YAML merge keys (<<) are not allowed; write the fields out")
        if tag not in _SCALAR_TAGS:
            raise _Refused(_line(key), _tag_message(key.tag or tag))
        if key.tag is None and key.implicit[0]:  # plain; a quoted key is always text
            self._text_keys.add(key.value)


def _check_tag(event: yaml.CollectionStartEvent, allowed: str) -> None:
    if event.tag is not None and event.tag not in ("!", allowed):
        raise _Refused(_line(event), _tag_message(event.tag))


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag {shown} is not allowed (no includes, no custom types): use plain values"


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1
