"""Turn pydantic's errors into problems an editor can act on: the field, its line and the fix."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import ProblemList
from .yamlsource import LineMap

M = TypeVar("M", bound=BaseModel)


def _field_name(loc: tuple) -> str:
    parts = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item + 1}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "the file"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as `list[Step] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _fields_of(model: type[BaseModel], loc: tuple) -> list[str]:
    """The allowed field names where an unknown one was found, to suggest the right spelling."""
    current: Any = model
    for item in loc[:-1]:
        if isinstance(item, int):
            continue
        field = current.model_fields.get(item) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    if current is None or not hasattr(current, "model_fields"):
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def describe(model: type[BaseModel], error: dict) -> str:
    loc = tuple(error["loc"])
    name = _field_name(loc)
    kind = error["type"]
    if kind == "missing" and loc[-1] == "alt":
        return ("the image has no alt text: add `alt:` saying what the image shows "
                "(`alt: \"\"` only for a purely decorative image)")
    if kind == "missing":
        return f"`{name}` is missing: add `{loc[-1]}: …`"
    if kind == "extra_forbidden":
        allowed = ", ".join(_fields_of(model, loc))
        hint = f" (the fields are: {allowed})" if allowed else ""
        return f"unknown field `{loc[-1]}`: remove it or correct its spelling{hint}"
    if kind.startswith("date"):
        return f"`{name}` is not a date: write it as YYYY-MM-DD, such as 2026-04-01"
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"`{name}` must be one of {expected}"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "a-z0-9" in pattern:
            return f"`{name}` must be a slug: lower-case letters, digits and hyphens"
        if "0-9a-fA-F" in pattern:
            return f"`{name}` must be a colour such as #1d70b8"
        return f"`{name}` is not in the expected form ({error['msg']})"
    if kind == "string_too_short" or (kind == "string_type" and error.get("input") is None):
        return f"`{name}` is empty: write a value"  # also when only spaces
    if kind == "string_type":  # YAML reads `Yes`, `No` or `12` as a boolean or a number
        return f"`{name}` must be text: put the value in quotes"
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"`{name}` has too many items: at most {limit}"
    if kind in ("list_type", "dict_type", "model_type"):
        shape = {"list_type": "a list", "dict_type": "a set of fields",
                 "model_type": "a set of fields"}[kind]
        return f"`{name}` must be {shape}" if loc else f"this must be {shape}"
    message = error["msg"].removeprefix("Value error, ")
    return f"`{name}` {message}" if loc else message


def validate(model: type[M], data: Any, lines: LineMap, path: str,
             problems: ProblemList) -> M | None:
    """Validate `data`, recording every error with its line; None when it is invalid."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.error(path, lines.line_of(tuple(error["loc"])), describe(model, error))
        return None
