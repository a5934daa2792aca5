"""JSON Schema (2020-12) pieces several question types' answer schemas share, written with the
engine's own patterns (app/forms/answer_syntax.py) so the two agree."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.forms import answer_syntax as syntax

# What every question takes as "no answer": null or text of nothing but spaces.
BLANK = {"type": ["null", "string"], "pattern": syntax.BLANK}
BLANK_TEXT = {"type": "string", "pattern": syntax.BLANK}
FILLED = syntax.NOT_BLANK  # searched for: text with something in it


def blank_parts(parts: Iterable[str]) -> dict[str, Any]:
    """A grouped answer's inputs all left blank."""
    return {
        "type": "object",
        "properties": {part: BLANK_TEXT for part in parts},
        "additionalProperties": False,
    }
