"""Heading ids: a stable slug of each heading's text, unique within the page.

kramdown's header id, `## Fees {#costs}`, sets the id itself, as on GOV.UK (so a link to
`#costs` keeps working when the heading's words change); it is still made unique. The headings
are collected (level, id, text) so the page can show a contents list.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.types import Heading

NOT_SLUG = re.compile(r"[^a-z0-9]+")
EXPLICIT_ID = re.compile(r"[ \t]+\{#([A-Za-z][\w-]*)\}$")


def slugify(text: str) -> str:
    return NOT_SLUG.sub("-", text.lower()).strip("-") or "section"


def heading_ids(state: StateCore) -> None:
    used: set[str] = set()
    counts: dict[str, int] = {}
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        explicit = _explicit_id(inline)
        children = inline.children or ()
        text = "".join(c.content for c in children if c.type in ("text", "code_inline")).strip()
        slug = unique = explicit or slugify(text)
        # "Fees", "Fees", "Fees 1" become fees, fees-1, fees-1-1: never a duplicate id.
        number = counts.get(slug, 0)
        while unique in used:
            number += 1
            unique = f"{slug}-{number}"
        counts[slug] = number
        used.add(unique)
        token.attrSet("id", unique)
        state.env["headings"].append(Heading(int(token.tag[1]), unique, text))


def _explicit_id(inline) -> str | None:
    """The id written `{#id}` at the end of a heading, taken out of its text."""
    last = inline.children[-1] if inline.children else None
    match = last is not None and last.type == "text" and EXPLICIT_ID.search(last.content)
    if not match:
        return None
    last.content = last.content[: match.start()]
    return match.group(1)


def heading_ids_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("heading_ids", heading_ids)
