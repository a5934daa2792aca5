"""Links in an email are absolute. A form's Markdown links to the site by path (`/contact`), which
a browser resolves against the page; in an email there is no page, so each site-relative link is
made absolute from the portal's public address (site.yaml's `base_url`, or the BASE_URL setting:
the address the embed snippet and the OpenAPI `servers` use too).

The HTML part is rendered from the parsed Markdown with its links' and images' addresses
rewritten; the plain text part keeps the Markdown as written (as GOV.UK Notify's plain text does),
with the destinations of its inline links and link definitions rewritten.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from app.i18n import current_language
from app.markdown import MarkdownContext, parse, render_parsed

# `](/path` and `](</path`, and a definition line `[label]: /path`; never `//host` (already
# absolute, protocol-relative) or `#below` and `contact` (not site-relative).
_INLINE = re.compile(r"(\]\([ \t]*<?)(?=/(?!/))")
_DEFINITION = re.compile(r"^([ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)(?=/(?!/))", re.M)
_ADDRESSES = {"link_open": "href", "image": "src"}


def site_relative(address: str) -> bool:
    return address.startswith("/") and not address.startswith("//")


def absolute_text(source: str, base_url: str) -> str:
    """The Markdown as written, its site-relative link destinations made absolute."""
    base = base_url.rstrip("/")
    if not base:
        return source
    return _DEFINITION.sub(
        lambda m: m.group(1) + base, _INLINE.sub(lambda m: m.group(1) + base, source)
    )


def absolute_html(source: str, base_url: str) -> Markup:
    """The Markdown rendered, its site-relative links and images made absolute; the labels
    Govspeak adds are in the email's language."""
    base = base_url.rstrip("/")
    tokens, env = parse(source, MarkdownContext(language=current_language()))
    for token in tokens:
        for child in token.children or ():
            attribute = _ADDRESSES.get(child.type)
            address = child.attrGet(attribute) if attribute else None
            if base and isinstance(address, str) and site_relative(address):
                child.attrSet(attribute, base + address)
    return Markup(render_parsed(tokens, env))
