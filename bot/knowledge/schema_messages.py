"""Pydantic's validation errors, reworded for someone editing YAML by hand.

"Input should be a valid string" does not tell a maintainer that YAML read `code: 0114` as the
number 76; these messages say what was found, what is expected and, for a misspelt field or kind,
what was probably meant.
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from bot.knowledge.fields import PATTERN_HINTS
from bot.knowledge.model import FACT_FIELDS, Text
from bot.knowledge.suggestions import closest_word, did_you_mean
from bot.knowledge.yaml_reader import Loc

_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD) without a time",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "list_type": "a list (like [a, b] or lines starting with '- ')",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}


def field_path(loc: Loc) -> str:
    """("reminders", "offsets_days", 1) -> "reminders.offsets_days[1]"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def describe(error: ErrorDetails, model: type[BaseModel], plain_text: str | None, kind: str) -> str:
    """One line for one pydantic error of an entry of `model`; `plain_text` is the value as written
    when YAML read it as something other than text."""
    loc: Loc = tuple(error["loc"])
    field = field_path(loc)
    value = error.get("input")
    kind_of_error = error["type"]
    if kind_of_error == "missing":
        needs = f" (every {kind} needs a source: the id of a dated entry in sources.yaml)"
        hint = needs if loc[-1] in FACT_FIELDS else ""
        return f"missing field '{field}'{hint}"
    if kind_of_error == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = parent.model_fields if parent is not None else ()
        return f"unknown field '{field}'{did_you_mean(closest_word(str(loc[-1]), allowed))}"
    if kind_of_error == "string_type" and plain_text is not None:
        return f'{field}: {plain_text} is read as {_kind(value)}; quote it to keep it as text: "{plain_text}"'
    if kind_of_error == "string_pattern_mismatch":
        pattern = (error.get("ctx") or {}).get("pattern", "")
        return f"{field}: '{value}' is not {PATTERN_HINTS.get(pattern, f'in the form {pattern}')}"
    if kind_of_error == "string_too_short":
        return f"{field}: must not be empty"
    if kind_of_error == "literal_error":
        choices = typing.get_args(_annotation_at(model, loc))
        shown = ", ".join(str(choice) for choice in choices)
        suggestion = closest_word(str(value), [str(choice) for choice in choices])
        return f"{field}: '{value}' is not one of {shown}{did_you_mean(suggestion)}"
    if kind_of_error in ("model_type", "dict_type") and _model_at(model, loc) is Text:
        return f"{field}: expected a mapping of languages like {{sv: …, en: …}}, got {_kind(value)}"
    if kind_of_error in _EXPECTED:
        _, _, reason = error["msg"].partition(", ")  # pydantic's why, for dates: "month value is …"
        because = f" ({reason})" if reason and kind_of_error.startswith("date_") else ""
        return f"{field}: expected {_EXPECTED[kind_of_error]}, got {_kind(value)}{because}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def _kind(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text '{value}'"


def _annotation_at(model: type[BaseModel], loc: Loc) -> object:
    parent = _model_at(model, loc[:-1])
    info = parent.model_fields.get(str(loc[-1])) if parent is not None and loc else None
    return _strip_optional(info.annotation) if info is not None else None


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that describes the value at `loc` inside an entry of `model`, if any."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue  # an item of a list field: same model as the list's items
        info = current.model_fields.get(part)
        current = _inner_model(info.annotation) if info is not None else None
    return current


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


def _strip_optional(annotation: object) -> object:
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(arguments) == 1:
        return arguments[0]
    return annotation
