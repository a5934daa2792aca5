"""PyYAML's errors in a content designer's words: what is wrong on the line, and the fix.

The parser says "mapping values are not allowed here" or "expected <block end>, but found
'<block mapping start>'"; the people who edit front matter know neither word. Nearly every
broken front matter is one of a few mistakes, each recognisable from the parser's complaint and
the text of the line it points at: a colon and a space inside a value that is not in quotes, a
line indented more or less than the lines it belongs with, a tab, a quote or bracket not closed,
a value starting with a character YAML keeps for itself.
"""

from __future__ import annotations

import re

import yaml

USUAL_CAUSES = (
    "the usual causes are a colon followed by a space in a value that is not in quotes "
    '(write title: "Flooding: what to do") and wrong indentation (line up the fields of one '
    "item with spaces, never tabs)"
)
FIELD = re.compile(r"^(\s*(?:-\s+)?)([^\s:#{\[-][^:#]*?):\s+(.*?)(?:\s+#.*)?$")
RESERVED_START = "*&!%@`|>"
UNCLOSED = "a `{` or `[` is not closed: end the list or the group on the same line with `}` or `]`"


def _line_text(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _start(line: str) -> tuple[int, str]:
    """How far in a line's field starts (after a list's `- `), and what to call it."""
    match = FIELD.match(line)
    return (len(match.group(1)), f"`{match.group(2)}`") if match else (_indent(line), "it")


def _colon_in_value(line: str) -> str | None:
    match = FIELD.match(line)
    if not match:
        return None
    key, value = match.group(2), match.group(3).strip()
    if value.startswith(("{", "[")) and ": " in value:
        return (
            f'a value in the `{key}` list or group contains ": ", which YAML reads as the start '
            'of another field: put that value in quotes ("…")'
        )
    if ": " in value + " " and not value.startswith(("'", '"')):
        return (
            f'the value of `{key}` contains ": ", which YAML reads as the start of another '
            f'field: put the whole value in quotes: {key}: "{value}"'
        )
    return None


def _reserved_start(line: str) -> str | None:
    match = FIELD.match(line)
    if match and match.group(3)[:1] in RESERVED_START:
        key, value = match.group(2), match.group(3).strip()
        return (
            f"a value cannot start with `{value[0]}` in YAML: put the whole value in quotes: "
            f'{key}: "{value}"'
        )
    return None


def _indentation(text: str, index: int) -> str:
    line = _line_text(text, index)
    before = next(
        (
            _line_text(text, i)
            for i in range(index - 1, -1, -1)
            if _line_text(text, i).strip() and not _line_text(text, i).lstrip().startswith("#")
        ),
        "",
    )
    (here, name), (above, name_above) = _start(line), _start(before)
    name_above = "the line above" if name_above == "it" else f"{name_above} above it"
    shown = f" ({name} starts after {_spaces(here)}, {name_above} after {_spaces(above)})"
    return (
        f"this line is not indented like the lines it belongs with{shown if before else ''}: "
        "the fields of one "
        "item line up under one another, and a field inside another is indented by 2 more "
        "spaces; indent with spaces only"
    )


def explain(exc: yaml.MarkedYAMLError, mark, text: str) -> str:
    """The message for a YAML error at `mark` (0-based line within `text`)."""
    problem = exc.problem or ""
    index = mark.line if mark else 0
    line = _line_text(text, index)
    if "\t" in problem or "\t" in line[: _indent(line) + 1]:
        return "this line is indented with a tab: YAML needs spaces; replace the tab with spaces"
    if exc.context == "while scanning a quoted scalar" and mark is exc.context_mark:
        return "a quote is not closed: end the value with the same quote mark"
    if "mapping values are not allowed" in problem:
        return _colon_in_value(line) or _indentation(text, index)
    if "cannot start any token" in problem or "expected alphabetic or numeric" in problem:
        return _reserved_start(line) or _default(problem)
    if "expected <block end>" in problem or "expected <block" in problem:
        return _indentation(text, index)
    if "expected ',' or" in problem:
        return (_colon_in_value(line) if "':'" in problem else None) or UNCLOSED
    return _default(problem)


def _default(problem: str) -> str:
    return f"the YAML cannot be read ({problem or 'unknown error'}): {USUAL_CAUSES}"
