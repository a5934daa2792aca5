"""Query parameters read one way for the whole service, with one wording for each kind of problem.

The API reads strictly: `ParamReader(args, allowed).done()` raises InvalidParameters (a 422
problem) listing every unknown or bad parameter at once. The search results page reads the same
parameters with `strict=False`: people reach it by typing URLs and following old links, so it
takes what it can use and falls back to the default for the rest. Either way the same values are
accepted: whole numbers are the digits 0 to 9 (not other scripts' digits), trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from werkzeug.datastructures import MultiDict

from app.api.errors import FieldError, InvalidParameters

T = TypeVar("T")
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
SHOWN_CHARS = 100  # of a caller's name or value repeated in a message
SHOWN_VALUES = 3  # of the values a message names


# -- the wording: one sentence for each kind of problem -----------------------------------------


def either(choices: Sequence[str]) -> str:
    """`a`, `a or b`, `a, b or c`."""
    return " or ".join(filter(None, (", ".join(choices[:-1]), choices[-1])))


def unknown_parameter(allowed: Sequence[str]) -> str:
    return f"Unknown parameter: this route takes {', '.join(allowed) if allowed else 'none'}"


def repeated(name: str, given: int, most: int = 1) -> str:
    return f"Give {name} {'once' if most == 1 else f'at most {most} times'}, not {given} times"


def not_a_whole_number(name: str, lowest: int, highest: int) -> str:
    """For text that is not a whole number and for a number out of range alike: either way the
    caller needs the whole rule."""
    return f"{name} must be a whole number from {lowest} to {highest}"


def not_one_of(name: str, choices: str, given: Sequence[str] = ()) -> str:
    """`choices` in words; `given`, the values that are not, when there can be several."""
    message = f"{name} must be {choices}"
    if given:
        shown = ", ".join(repr(value[:SHOWN_CHARS]) for value in given[:SHOWN_VALUES])
        if len(given) > SHOWN_VALUES:
            shown += f" and {len(given) - SHOWN_VALUES} more"
        message += f", which {shown} {'is' if len(given) == 1 else 'are'} not"
    return message


def too_long(name: str, most: int, length: int) -> str:
    return f"{name} must be {most} characters or fewer (it has {length})"


# -- the reader ---------------------------------------------------------------------------------

TRUE, FALSE = ("1", "true"), ("", "0", "false")


class ParamReader:
    """One request's query parameters, read one at a time, each problem noted as it is found."""

    def __init__(self, args: MultiDict, allowed: Sequence[str], *, strict: bool = True):
        self.args, self.strict = args, strict
        self.errors = [
            FieldError(
                name[:SHOWN_CHARS], unknown_parameter(allowed), "unknown_parameter", tuple(allowed)
            )
            for name in dict.fromkeys(args)
            if name not in allowed
        ]

    def fail(
        self, name: str, message: str, code: str = "invalid", allowed: Sequence[str] = ()
    ) -> None:
        """`code`: one of app.api.errors.ERROR_CODES."""
        self.errors.append(FieldError(name, message, code, tuple(allowed)))

    def done(self) -> None:
        """Strictly, a 422 naming every problem found; leniently, nothing."""
        if self.errors and self.strict:
            raise InvalidParameters(self.errors)

    def single(self, name: str) -> str | None:
        """The value of a parameter given at most once (the first, when given more)."""
        values = self.args.getlist(name)
        if len(values) > 1:
            self.fail(name, repeated(name, len(values)), "repeated")
        return values[0] if values else None

    def values(self, name: str, most: int) -> list[str]:
        """A repeatable parameter's different values, trimmed, blanks left out."""
        values = list(dict.fromkeys(v.strip() for v in self.args.getlist(name) if v.strip()))
        if len(values) > most:
            self.fail(name, repeated(name, len(values), most), "repeated")
        return values

    def text(self, name: str, most_chars: int) -> str:
        """Trimmed; leniently, cut to `most_chars`."""
        text = (self.single(name) or "").strip()
        if len(text) > most_chars:
            self.fail(name, too_long(name, most_chars, len(text)), "too_long")
            text = text[:most_chars]
        return text

    def whole_number(self, name: str, default: int, highest: int, lowest: int = 1) -> int:
        """Leniently, a blank is the default and a number out of range the nearest in it."""
        raw = self.single(name)
        if raw is None or (raw.strip() == "" and not self.strict):
            return default
        raw = raw.strip()
        whole = WHOLE_NUMBER.fullmatch(raw) is not None
        if whole and lowest <= int(raw) <= highest:
            return int(raw)
        self.fail(
            name,
            not_a_whole_number(name, lowest, highest),
            "out_of_range" if whole else "wrong_type",
        )
        return min(max(int(raw), lowest), highest) if whole and not self.strict else default

    def choice(self, name: str, choices: Sequence[str], default: str) -> str:
        raw = self.single(name)
        if raw is None:
            return default
        if raw in choices:
            return raw
        self.fail(name, not_one_of(name, either(choices)), "not_a_choice", choices)
        return default

    def flag(self, name: str) -> bool:
        """`true` or `1`; `false`, `0` or blank."""
        raw = self.single(name)
        if raw is None or raw in FALSE:
            return False
        if raw in TRUE:
            return True
        self.fail(
            name, not_one_of(name, either(("true", "false"))), "not_a_choice", ("true", "false")
        )
        return False

    def parsed(self, name: str, parse: Callable[[str], T | None], message: str) -> T | None:
        """A value in a format of its own: `parse` gives None for one not in it."""
        raw = self.single(name)
        if raw is None:
            return None
        if (value := parse(raw)) is None:
            self.fail(name, message)
        return value


def no_parameters(args: MultiDict) -> None:
    """For routes that take none: one given is a mistake to report, not to ignore."""
    ParamReader(args, ()).done()
