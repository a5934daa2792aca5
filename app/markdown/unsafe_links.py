"""Links that could run code (`javascript:`, `vbscript:`, `data:`, `file:`): refused, reported.

markdown-it already declines to make such links, but silently: the author sees their Markdown
as text on the page and no reason. Here the check is one of the portal's own (stricter than
markdown-it's, which lets `data:image/png` through), and a core rule reports every refused
link with its line: the `[text](javascript:…)`, `<javascript:…>` or `[name]: javascript:…`
left in the text. Where a scheme hides behind spaces or control characters (`java\tscript:`),
markdown-it has already percent-encoded them, so it is no scheme at all to a browser.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.helpers import children_with_lines, report

UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)
# How a refused link is left in the text: after "](", "]:" or "<".
LEFT_IN_TEXT = re.compile(r"(?:\]\(\s*<?|\]:\s*<?|<)\s*(javascript|vbscript|data|file):", re.I)


def validate_link(url: str) -> bool:
    return not UNSAFE_SCHEME.match(url)


def report_unsafe_links(state: StateCore) -> None:
    if not LEFT_IN_TEXT.search(state.src):  # one scan in C: most pages have none
        return
    reported = set()
    for line, child in children_with_lines(state.tokens):
        if child.type != "text" or ":" not in child.content:
            continue
        for match in LEFT_IN_TEXT.finditer(child.content):
            scheme = match.group(1).lower()
            if (line, scheme) in reported:
                continue
            reported.add((line, scheme))
            report(
                state.env,
                line,
                f"a {scheme}: link is not allowed (it could run code in a user's browser): "
                "link to a web page (https:// or a path starting /) or an email address (mailto:)",
            )


def unsafe_links_plugin(md: MarkdownIt) -> None:
    md.validateLink = validate_link
    md.core.ruler.push("report_unsafe_links", report_unsafe_links)
