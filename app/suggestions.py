""" "Did you mean …?": the known name closest to one that is not known, for messages that teach.

Used by the content checks (an organisation, topic, contact, page, form or field misspelt) and by
the Markdown renderer (a `#anchor` with no heading). difflib's ratio, as Python's own "did you
mean" for names does: close enough to be the likely fix, never a guess at random.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name most like `name`, or None when none is close."""
    found = get_close_matches(name, list(known), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(name: str, known: Iterable[str], shown: str = "`{}`") -> str:
    """` (did you mean `x`?)`, or "" when no known name is close; `shown` formats the name."""
    found = closest(name, known)
    return f" (did you mean {shown.format(found)}?)" if found else ""
