"""The data the renderer takes (context, references) and gives back (headings, problems)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.i18n import N_


@dataclass(frozen=True)
class ImageRef:
    url: str
    alt: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class AttachmentRef:
    url: str
    title: str
    file_type: str = ""  # name shown to users, e.g. "PDF" (file_type_name); "" when unknown
    size_bytes: int | None = None  # None when unknown
    pages: int | None = None


# Names GOV.UK gives some file types (its attachment presenter); any other is its extension.
# The names are catalogue messages, shown in the page's language (attachments.py).
TYPE_NAMES = {
    "doc": N_("MS Word Document"),
    "docx": N_("MS Word Document"),
    "xls": N_("MS Excel Spreadsheet"),
    "xlsx": N_("MS Excel Spreadsheet"),
    "ppt": N_("MS Powerpoint Presentation"),
    "pptx": N_("MS Powerpoint Presentation"),
    "txt": N_("Plain text"),
    "jpg": N_("JPEG"),
    "pdf": N_("PDF"),
    "csv": N_("CSV"),
    "odt": N_("ODT"),
    "ods": N_("ODS"),
}


def file_type_name(extension: str) -> str:
    """The name users are shown for a file type: "PDF", "MS Word Document", "Plain text"."""
    extension = extension.lower().lstrip(".")
    return TYPE_NAMES.get(extension, extension.upper())


@dataclass(frozen=True)
class ContactRef:
    title: str
    address: tuple[str, ...] = ()
    phones: tuple[tuple[str, str], ...] = ()  # (label, number)
    hours: tuple[str, ...] = ()
    email: str | None = None


@dataclass
class MarkdownContext:
    site_host: str = ""  # e.g. "www.gov.nm.example"; links to any other host are external
    images: Mapping[str, ImageRef] = field(default_factory=dict)
    attachments: Mapping[str, AttachmentRef] = field(default_factory=dict)
    contacts: Mapping[str, ContactRef] = field(default_factory=dict)
    link_exists: Callable[[str], bool] | None = None  # None: internal links are not checked
    # the page a path that is not one was probably meant to be (for "did you mean"), or None
    closest_page: Callable[[str], str | None] | None = None
    url: str = ""  # where the body is published (/a-guide/a-part): relative links resolve from it
    # the level of the heading the body sits under: 1 under the page title, 2 in a guide part
    # (under the part's title), so the body's first heading may be one more and no deeper
    heading_level: int = 1
    # ids the page has besides the body's headings and footnotes (its template's), which a
    # `#anchor` link may name
    anchors: frozenset[str] = frozenset()
    # Shown inside an agency's iframe: links open in a new tab (new_tab_links.py)
    links_open_in_new_tab: bool = False
    # The page's language: the labels Govspeak adds ("This section applies to Wales", "Back to
    # content", "Image credit") are in it. The renderer runs outside any request (in the build's
    # workers), so it is given, not read from the request.
    language: str = "en"


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based, within the Markdown source given to the renderer
    message: str
    warning: bool = False  # a warning fails a build only with --strict


@dataclass
class Rendered:
    html: str
    headings: list[Heading]
    problems: list[Problem]
    links: list[tuple[int, str]]  # (line, href) of every internal link
    text: str = ""  # the words without markup, for the search index
