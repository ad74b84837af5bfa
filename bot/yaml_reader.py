"""A safe YAML reader that remembers the line of every value.

The knowledge base is edited by hand, so every complaint must point at a line. PyYAML's own loaders
forget positions, and its aliases allow "billion laughs" bombs, so this module builds plain Python
values from the parser's event stream itself: only the standard tags (no `!include`, no
`!!python/…`), no aliases, no duplicate keys, a nesting limit, one document per file.

Every file is first read fast, recording no lines; anything unusual sends it to the careful read that
records a line for every value and words every refusal, and a valid file's lines are worked out
only if something (a schema error, `check --stale`) asks for one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from bot.problem import Problem

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


class YamlPositions:
    """Where each value of one YAML text is written.

    A text read without a problem records none: a line for each value of a large file costs more
    than reading it, and only a problem report needs one, so they are worked out from the text
    the first time one is asked for.
    """

    def __init__(self, text: str, found: tuple[dict[Loc, int], dict[Loc, str]] | None = None) -> None:
        self._text = text
        self._found = found

    @property
    def lines(self) -> Mapping[Loc, int]:
        """A mapping value -> its key's line; a list item -> its own line."""
        return self._tracked()[0]

    @property
    def plain_text(self) -> Mapping[Loc, str]:
        """Unquoted non-strings as written (`0114`, which YAML reads as the number 76)."""
        return self._tracked()[1]

    def line(self, loc: Loc) -> int:
        """The line of `loc`, or of the nearest enclosing value that has one."""
        lines = self.lines
        for end in range(len(loc), -1, -1):
            found = lines.get(tuple(loc[:end]))
            if found is not None:
                return found
        return 1

    def _tracked(self) -> tuple[dict[Loc, int], dict[Loc, str]]:
        if self._found is None:
            composer = _Composer(self._text)
            composer.document()  # the fast read accepted this text, so this read does too
            self._found = (composer.lines, composer.plain_text)
        return self._found


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
    try:
        data = _FastReader(text).document()
    except _NotFast:
        return _parse_tracked(text, shown)
    return YamlDocument(data, YamlPositions(text)), []


def _parse_tracked(text: str, shown: str) -> tuple[YamlDocument | None, list[Problem]]:
    """The careful read, which records every line and says exactly what is wrong."""
    composer = _Composer(text)
    try:
        data = composer.document()
    except _Refused as exc:
        return None, [
            *(Problem(shown, line, msg) for line, msg in composer.problems),
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
    problems = [Problem(shown, line, message) for line, message in composer.problems]
    return YamlDocument(data, YamlPositions(text, (composer.lines, composer.plain_text))), problems


class _NotFast(Exception):
    """The fast read met something it leaves to the careful one (which may accept it, or not)."""


# First characters of plain scalars that YAML may read as something other than text.
_MAYBE_NOT_TEXT = frozenset(Resolver.yaml_implicit_resolvers)
assert None not in _MAYBE_NOT_TEXT, "a resolver for any first character: every plain scalar needs resolving"


class _FastReader:
    """The same plain values as `_Composer` for a file it accepts without any problem, and no lines.

    Each event costs a few Python steps here instead of dozens: no path or line per value, and no
    resolver for a plain scalar whose first character no implicit tag can start with. Anything
    unusual (an explicit tag, an anchor's alias, a duplicate key, deep nesting, a syntax error) is
    left to the careful read by raising `_NotFast`, so its messages stay the only ones.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._resolver = Resolver()
        self._constructor = SafeConstructor()

    def document(self) -> object:
        loader = _Parser(self._text)
        try:
            self._next = loader.get_event
            return self._document()
        except yaml.YAMLError:
            raise _NotFast from None
        finally:
            loader.dispose()

    def _document(self) -> object:
        if type(self._next()) is not yaml.StreamStartEvent:
            raise _NotFast
        event = self._next()
        if type(event) is yaml.StreamEndEvent:
            return None  # an empty file
        if type(event) is not yaml.DocumentStartEvent:
            raise _NotFast
        data = self._node(self._next(), 0)
        if type(self._next()) is not yaml.DocumentEndEvent or type(self._next()) is not yaml.StreamEndEvent:
            raise _NotFast
        return data

    def _node(self, event: yaml.Event, depth: int) -> object:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self._scalar(event)
        if kind is yaml.AliasEvent or depth >= MAX_DEPTH or event.tag is not None:  # type: ignore[attr-defined]
            raise _NotFast
        next_event = self._next
        scalar = yaml.ScalarEvent
        if kind is yaml.MappingStartEvent:
            result: dict[str, object] = {}
            while type(key := next_event()) is not yaml.MappingEndEvent:
                if type(key) is not scalar or key.tag is not None:
                    raise _NotFast
                name = key.value
                if name in result or (key.implicit[0] and name in ("<<", "=")):  # merge or value key
                    raise _NotFast
                value = next_event()
                if type(value) is scalar and value.tag is None:
                    text = value.value
                    if not value.implicit[0] or text[:1] not in _MAYBE_NOT_TEXT:
                        result[name] = text
                        continue
                result[name] = self._node(value, depth + 1)
            return result
        if kind is yaml.SequenceStartEvent:
            items: list[object] = []
            append = items.append
            while type(item := next_event()) is not yaml.SequenceEndEvent:
                if type(item) is scalar and item.tag is None:
                    text = item.value
                    if not item.implicit[0] or text[:1] not in _MAYBE_NOT_TEXT:
                        append(text)
                        continue
                append(self._node(item, depth + 1))
            return items
        raise _NotFast  # the parser guarantees the order; this only guards it

    def _scalar(self, event: yaml.ScalarEvent) -> object:
        if event.tag is not None:
            raise _NotFast
        if not event.implicit[0]:
            return event.value
        tag = self._resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            raise _NotFast
        return _construct(self._constructor, tag, event)


class _Composer:
    """Turns parser events into plain values, recording each value's line as it goes."""

    def __init__(self, text: str) -> None:
        self._events: Iterator[yaml.Event] = iter(yaml.parse(text, Loader=_Parser))
        self._resolver = Resolver()
        self._constructor = SafeConstructor()
        self.lines: dict[Loc, int] = {}
        self.plain_text: dict[Loc, str] = {}
        self.problems: list[tuple[int, str]] = []

    def document(self) -> object:
        self._expect(yaml.StreamStartEvent)
        event = next(self._events)
        if isinstance(event, yaml.StreamEndEvent):
            return None  # an empty file
        data = self._node(next(self._events), (), 0)
        self._expect(yaml.DocumentEndEvent)
        event = next(self._events)
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Refused(_line(event), "a second YAML document ('---') in one file; use one list")
        return data

    def _expect(self, kind: type[yaml.Event]) -> yaml.Event:
        event = next(self._events)
        if not isinstance(event, kind):  # the parser guarantees the order; this only guards it
            raise _Refused(_line(event), f"unexpected YAML structure ({type(event).__name__})")
        return event

    def _node(self, event: yaml.Event, loc: Loc, depth: int) -> object:
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(
                _line(event),
                f"YAML aliases (*{event.anchor}) are not allowed in the knowledge base; write the value out",
            )
        if depth > MAX_DEPTH:
            raise _Refused(_line(event), TOO_DEEP)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, loc)
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_tag(event, _SEQ_TAG)
            items: list[object] = []
            while not isinstance(event := next(self._events), yaml.SequenceEndEvent):
                item_loc = (*loc, len(items))
                self.lines[item_loc] = _line(event)
                items.append(self._node(event, item_loc, depth + 1))
            return items
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(event, loc, depth)
        raise _Refused(_line(event), f"unexpected YAML structure ({type(event).__name__})")

    def _mapping(self, start: yaml.MappingStartEvent, loc: Loc, depth: int) -> dict[str, object]:
        self._check_tag(start, _MAP_TAG)
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        while not isinstance(event := next(self._events), yaml.MappingEndEvent):
            key_line = _line(event)
            if not isinstance(event, yaml.ScalarEvent):
                raise _Refused(key_line, "a mapping key must be a plain name, not a list or mapping")
            tag = self._tag_of(event)
            if tag == _MERGE_TAG:
                raise _Refused(key_line, "YAML merge keys (<<) are not allowed; write the fields out")
            if tag not in _SCALAR_TAGS:
                raise _Refused(key_line, _tag_message(event.tag or tag))
            # Keys are field names: keep them as written, so `no:` or `2020:` stay text, not YAML 1.1's
            # boolean or number.
            key = event.value
            value_loc = (*loc, key)
            value_event = next(self._events)
            if key in first_line:
                self.problems.append((key_line, f"duplicate key '{key}' (first at line {first_line[key]})"))
                self._node(value_event, (*loc, "\0duplicate"), depth + 1)  # parse and drop
                continue
            first_line[key] = key_line
            self.lines[value_loc] = key_line
            result[key] = self._node(value_event, value_loc, depth + 1)
        return result

    def _scalar(self, event: yaml.ScalarEvent, loc: Loc) -> object:
        tag = self._tag_of(event)
        if tag not in _SCALAR_TAGS:
            raise _Refused(_line(event), _tag_message(event.tag or tag))
        value = _construct(self._constructor, tag, event)
        if tag != _STR_TAG:
            self.plain_text[loc] = event.value
        return value

    def _tag_of(self, event: yaml.ScalarEvent) -> str:
        if event.tag is None or event.tag == "!":
            return self._resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        return event.tag

    @staticmethod
    def _check_tag(event: yaml.CollectionStartEvent, allowed: str) -> None:
        if event.tag is not None and event.tag not in ("!", allowed):
            raise _Refused(_line(event), _tag_message(event.tag))


def _construct(constructor: SafeConstructor, tag: str, event: yaml.ScalarEvent) -> object:
    """The value of a scalar whose tag is known to be one of the standard scalar tags."""
    if tag == _STR_TAG:
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return constructor.yaml_constructors[tag](constructor, node)
    except (ValueError, yaml.constructor.ConstructorError):
        return event.value  # "2018-13-45": keep the text, the schema says what is wrong with it


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"YAML tag {shown} is not allowed (no includes, no custom types): use plain values"


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1
