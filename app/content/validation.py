"""Turn pydantic's errors into problems an editor can act on: the field, its line and the fix."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.suggestions import closest

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
    """Pydantic's error in an editor's words, with the fix."""
    loc = tuple(error["loc"])
    name = _field_name(loc)
    kind = error["type"]
    describer = _DESCRIBERS.get(kind) or next(
        (describe_kind for prefix, describe_kind in _PREFIX_DESCRIBERS if kind.startswith(prefix)),
        _describe_other,
    )
    return describer(model, error, loc, name)


def _describe_missing(model, error, loc, name) -> str:
    if loc[-1] == "alt":
        return (
            "the image has no alt text: add `alt:` saying what the image shows "
            '(`alt: ""` only for a purely decorative image)'
        )
    return f"`{name}` is missing: add `{loc[-1]}: …`"


def _describe_unknown_field(model, error, loc, name) -> str:
    fields = _fields_of(model, loc)
    allowed = ", ".join(fields)
    hint = f" (the fields are: {allowed})" if allowed else ""
    likely = closest(str(loc[-1]), fields)
    if likely:
        return f"unknown field `{loc[-1]}`: did you mean `{likely}`?{hint}"
    return f"unknown field `{loc[-1]}`: remove it or correct its spelling{hint}"


def _describe_date(model, error, loc, name) -> str:
    return f"`{name}` is not a date: write it as YYYY-MM-DD, such as 2026-04-01"


def _describe_choice(model, error, loc, name) -> str:
    expected = error.get("ctx", {}).get("expected", "")
    return f"`{name}` must be one of {expected}"


def _describe_pattern(model, error, loc, name) -> str:
    pattern = error.get("ctx", {}).get("pattern", "")
    if "a-z0-9" in pattern:
        return f"`{name}` must be a slug: lower-case letters, digits and hyphens"
    if "0-9a-fA-F" in pattern:
        return f"`{name}` must be a colour such as #1d70b8"
    if "[ -][a-z]" in pattern:  # a form's `noun`
        return (
            f"`{name}` must be lower-case words, as they go in a sentence: "
            "`report`, `change of address`"
        )
    return f"`{name}` is not in the expected form ({error['msg']})"


def _describe_empty(model, error, loc, name) -> str:
    return f"`{name}` is empty: write a value"  # also when only spaces


def _describe_not_text(model, error, loc, name) -> str:
    if error.get("input") is None:
        return _describe_empty(model, error, loc, name)
    return f"`{name}` must be text: put the value in quotes"  # YAML read `Yes` or `12` as not text


def _describe_too_many(model, error, loc, name) -> str:
    limit = error.get("ctx", {}).get("max_length")
    return f"`{name}` has too many items: at most {limit}"


def _describe_shape(model, error, loc, name) -> str:
    shape = "a list" if error["type"] == "list_type" else "a set of fields"
    return f"`{name}` must be {shape}" if loc else f"this must be {shape}"


def _describe_other(model, error, loc, name) -> str:
    message = error["msg"].removeprefix("Value error, ")
    return f"`{name}` {message}" if loc else message


_DESCRIBERS = {
    "missing": _describe_missing,
    "extra_forbidden": _describe_unknown_field,
    "enum": _describe_choice,
    "literal_error": _describe_choice,
    "string_pattern_mismatch": _describe_pattern,
    "string_too_short": _describe_empty,
    "string_type": _describe_not_text,
    "too_long": _describe_too_many,
    "list_type": _describe_shape,
    "dict_type": _describe_shape,
    "model_type": _describe_shape,
}
_PREFIX_DESCRIBERS = (("date", _describe_date),)


def validate(
    model: type[M], data: Any, lines: LineMap, path: str, problems: ProblemList
) -> M | None:
    """Validate `data`, recording every error with its line; None when it is invalid."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            error["loc"] = tuple(part for part in error["loc"] if not _is_tag(part))
            problems.error(path, lines.line_of(error["loc"]), describe(model, error))
        return None


def _is_tag(part: Any) -> bool:
    """pydantic names the member of a tagged union in an error's location ("Page",
    "RepeatingGroup" in a form's pages): no key of a content file, which are all lower case."""
    return isinstance(part, str) and part[:1].isupper()
