"""Table header cells, as Govspeak marks them.

- The header row: every cell is a column header (`scope="col"`), written with or without a
  leading `# `, except an empty one (the corner above a column of row headers), which is a
  plain `<td>`: a header cell must name something.
- The body: a row's first cell written `# Heading` is the header of its row
  (`<th scope="row">`). Only the first cell: a `# ` further along the row is text, as on
  GOV.UK, since a row has one header. A first cell that is `#` and nothing else loses the `#`
  and stays a plain (empty) cell. `#1` is text.

Runs before inline parsing so the `#` is removed from the cell's source and the rest of the
cell is parsed as usual. A header row with no words at all is reported: the table
would have no headers.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from app.markdown.helpers import report

ROW_HEADER = re.compile(r"#(?:[ \t]+|$)")
COLUMN_HEADER = re.compile(r"#[ \t]+")
NO_HEADERS = (
    "the table's first row is empty, so the table has no headers: write the column names in its "
    "first row (screen readers read them out with each cell); use a table only for data"
)


def table_headers(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "thead_open" and _header_row_empty(tokens, i):
            report(state.env, token.map[0] + 1 if token.map else 1, NO_HEADERS)
        elif token.type == "th_open":
            _column_header(tokens, i)
        elif token.type == "td_open" and tokens[i - 1].type == "tr_open":
            _first_body_cell(tokens, i)


def _column_header(tokens, i: int) -> None:
    inline = tokens[i + 1]
    _strip(inline, COLUMN_HEADER)
    if inline.type != "inline" or inline.content.strip():  # text, or an image (images.py)
        tokens[i].attrSet("scope", "col")
    else:
        _retag(tokens, i, "td")


def _header_row_empty(tokens, index: int) -> bool:
    for token in tokens[index + 1 :]:
        if token.type == "thead_close":
            return True
        if token.type == "inline" and token.content.strip():
            return False
    return True


def _first_body_cell(tokens, i: int) -> None:
    inline = tokens[i + 1]
    if not ROW_HEADER.match(inline.content):
        return
    _strip(inline, ROW_HEADER)
    if inline.content:
        _retag(tokens, i, "th")
        tokens[i].attrSet("scope", "row")


def _strip(inline, pattern: re.Pattern) -> None:
    match = pattern.match(inline.content)
    if inline.type == "inline" and match:
        inline.content = inline.content[match.end() :]


def _retag(tokens, index: int, tag: str) -> None:
    """Make the cell at ``index`` (and its closing token) a `tag` (th or td) cell."""
    old = tokens[index].tag
    tokens[index].type, tokens[index].tag = f"{tag}_open", tag
    for token in tokens[index + 1 :]:
        if token.type == f"{old}_close":
            token.type, token.tag = f"{tag}_close", tag
            return
    raise AssertionError("table cell without a closing token")


def table_headers_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "table_headers", table_headers)
