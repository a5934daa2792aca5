"""The kinds of file a question may accept, and recognising a file's kind from its bytes.

The name a file arrives with and the Content-Type its sender gives are claims: `virus.exe`
renamed `form.pdf` says PDF in both. The kind is read from the content with puremagic (a pure
Python reader of the magic numbers `file` uses), so a file is what its bytes say it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import puremagic


@dataclass(frozen=True)
class Kind:
    name: str  # as a form's `accept:` names it
    label: str  # as messages name it: "The selected file must be a PDF, JPG or PNG"
    mime: str  # as stored, served and sent to the agency
    extension: str
    image: bool = False  # re-encoded without metadata where the question asks


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("pdf", "PDF", "application/pdf", ".pdf"),
        Kind("jpg", "JPG", "image/jpeg", ".jpg", image=True),
        Kind("png", "PNG", "image/png", ".png", image=True),
    )
}
# What a form's `accept:` may name (docs/forms.md).
FileKind = StrEnum("FileKind", {name.upper(): name for name in KINDS}, module=__name__)  # type: ignore[misc]
BY_MIME = {kind.mime: kind for kind in KINDS.values()}
DEFAULT_ACCEPT = tuple(KINDS)


def detect(data: bytes) -> Kind | None:
    """The accepted kind the bytes are, by their strongest magic-number match; None for
    anything else (an executable, a text file, bytes nothing recognises)."""
    if not data:
        return None
    try:
        matches = puremagic.magic_string(data)
    except puremagic.PureError:
        return None
    return BY_MIME.get(matches[0].mime_type) if matches else None


def labels(names: list[str] | tuple[str, ...]) -> str:
    """ "PDF, JPG or PNG"."""
    words = [KINDS[name].label for name in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
