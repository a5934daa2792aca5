"""Bar charts: `{barchart}` on the line under a table marks it as data for a chart.

Govspeak gives such a table the classes GOV.UK's chart script looks for
(`js-barchart-table mc-auto-outdent`, and `mc-stacked`, `compact`, `mc-negative` for the
options of the same names). The portal ships no chart script, so the table shows as a table,
which is also what a user without JavaScript sees on GOV.UK.

markdown-it reads the `{barchart}` line as the table's last row; this core rule, before inline
parsing, takes that row out and puts its classes on the table.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

BARCHART = re.compile(r"\{barchart((?:[ \t]+[a-z-]+)*)[ \t]*\}")
OPTIONS = {"stacked": "mc-stacked", "compact": "compact", "negative": "mc-negative"}


def _last_row(tokens, close_index: int) -> tuple[int, list] | None:
    """The start index and inline tokens of the last body row before tokens[close_index]."""
    if tokens[close_index - 1].type != "tbody_close":
        return None
    start = close_index - 2
    while start > 0 and tokens[start].type != "tr_open":
        start -= 1
    return start, [t for t in tokens[start:close_index] if t.type == "inline"]


def barcharts(state: StateCore) -> None:
    if "{barchart" not in state.src:  # one scan in C: most pages have no chart
        return
    tokens = state.tokens
    opens: list[int] = []
    index = 0
    while index < len(tokens):
        kind = tokens[index].type
        if kind == "table_open":
            opens.append(index)
        elif kind == "table_close" and opens:
            table_open = opens.pop()
            index -= _mark(tokens, table_open, index)
        index += 1


def _mark(tokens, table_open: int, table_close: int) -> int:
    """Mark one table if its last row is `{barchart …}`; the number of tokens taken out."""
    row = _last_row(tokens, table_close)
    if row is None:
        return 0
    start, cells = row
    match = cells and BARCHART.fullmatch(cells[0].content.strip())
    if not match or any(cell.content.strip() for cell in cells[1:]):
        return 0
    names = ["js-barchart-table"]
    names += [OPTIONS[word] for word in match.group(1).split() if word in OPTIONS]
    tokens[table_open].attrSet("class", " ".join([*names, "mc-auto-outdent"]))
    end = table_close - 1  # the tbody_close stays
    del tokens[start:end]
    if tokens[start - 1].type == "tbody_open":  # the chart row was the only body row
        del tokens[start - 1 : start + 1]
        return end - start + 2
    return end - start


def barchart_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "barchart", barcharts)
