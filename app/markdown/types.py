"""The data the renderer takes (context, references) and gives back (headings, problems)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


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
    file_type: str  # short name shown to users, e.g. "PDF"
    size_bytes: int
    pages: int | None = None


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
    # Shown inside an agency's iframe: links open in a new tab (new_tab_links.py)
    links_open_in_new_tab: bool = False


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Problem:
    line: int  # 1-based, within the Markdown source given to the renderer
    message: str


@dataclass
class Rendered:
    html: str
    headings: list[Heading]
    problems: list[Problem]
    links: list[tuple[int, str]]  # (line, href) of every internal link
    text: str = ""  # the words without markup, for the search index
