"""Table header cells: a body cell written `# Heading` becomes `<th scope="row">`.

Runs before inline parsing so the `# ` is removed from the cell's source and the rest of
the cell is parsed as usual. Every cell of the header row gets `scope="col"`, except an empty
one (the corner above a column of row headers), which is a plain `<td>`: a header cell must name
something. A header row with no words at all is reported: the table would have no headers.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.helpers import report

NO_HEADERS = (
    "the table's first row is empty, so the table has no headers: write the column names in its "
    "first row (screen readers read them out with each cell); use a table only for data"
)


def table_headers(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "thead_open" and _header_row_empty(tokens, i):
            report(state.env, token.map[0] + 1 if token.map else 1, NO_HEADERS)
        if token.type == "th_open" and not tokens[i + 1].content.strip():
            token.type, token.tag = "td_open", "td"
            close = _matching_close(tokens, i, "th_close")
            close.type, close.tag = "td_close", "td"
        elif token.type == "th_open":
            token.attrSet("scope", "col")
            _strip_hash(tokens[i + 1])
        elif token.type == "td_open" and tokens[i + 1].content.startswith("# "):
            _strip_hash(tokens[i + 1])
            token.type, token.tag = "th_open", "th"
            token.attrSet("scope", "row")
            close = _matching_close(tokens, i, "td_close")
            close.type, close.tag = "th_close", "th"


def _header_row_empty(tokens, index: int) -> bool:
    for token in tokens[index + 1 :]:
        if token.type == "thead_close":
            return True
        if token.type == "inline" and token.content.strip():
            return False
    return True


def _strip_hash(inline) -> None:
    if inline.type == "inline" and inline.content.startswith("# "):
        inline.content = inline.content[2:].lstrip()


def _matching_close(tokens, index: int, kind: str):
    for token in tokens[index + 1 :]:
        if token.type == kind:
            return token
    raise AssertionError("table cell without a closing token")


def table_headers_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "table_headers", table_headers)
