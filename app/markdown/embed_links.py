"""Govspeak's `[embed:link: content-id]`: reported, since the portal has no content ids.

On GOV.UK the publishing app passes the linked page's title and address with the Govspeak, and
an embedded link with none renders nothing. The portal's pages link by path, checked when the
site is built, so the author is asked for an ordinary link and the text is left as written.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.helpers import children_with_lines, report

EMBED_LINK = re.compile(r"\[embed:link:[ \t]*([^\]\n]*?)[ \t]*\]")


def embed_links(state: StateCore) -> None:
    if "[embed:link:" not in state.src:  # one scan in C: almost no page has one
        return
    for line, child in children_with_lines(state.tokens):
        if child.type != "text":
            continue
        for match in EMBED_LINK.finditer(child.content):
            report(
                state.env,
                line,
                f"{match.group(0)} links to a GOV.UK content id, which the portal does not "
                "have: write a Markdown link instead, [the page's title](/its-path)",
            )


def embed_links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("embed_links", embed_links)
