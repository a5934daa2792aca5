"""Table header cells: a body cell written `# Heading` becomes `<th scope="row">`.

Runs before inline parsing so the `# ` is removed from the cell's source and the rest of
the cell is parsed as usual. Every cell of the header row gets `scope="col"`.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore


def table_headers(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "th_open":
            token.attrSet("scope", "col")
            _strip_hash(tokens[i + 1])
        elif token.type == "td_open" and tokens[i + 1].content.startswith("# "):
            _strip_hash(tokens[i + 1])
            token.type, token.tag = "th_open", "th"
            token.attrSet("scope", "row")
            close = _matching_close(tokens, i)
            close.type, close.tag = "th_close", "th"


def _strip_hash(inline) -> None:
    if inline.type == "inline" and inline.content.startswith("# "):
        inline.content = inline.content[2:].lstrip()


def _matching_close(tokens, index: int):
    for token in tokens[index + 1 :]:
        if token.type == "td_close":
            return token
    raise AssertionError("table cell without a closing token")


def table_headers_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "table_headers", table_headers)
