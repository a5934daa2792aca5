"""Addresses: `$A` … `$A`, one address line per source line, kept as written.

The lines are one paragraph joined by line breaks (`<br>`), not reflowed, so each is still
parsed inline (links and abbreviations work) but never becomes a list or heading. Backslashes
and spaces at the end of a line are dropped, as Govspeak drops them.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.markdown.block_helpers import find_fence
from app.markdown.helpers import block_start_ok, line_start

OPENER = re.compile(r"\$A(?=\s|$)")


def address(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not OPENER.match(state.src, pos, state.eMarks[start_line]):
        return False
    if silent:
        return True
    fence = find_fence(
        state,
        start_line,
        end_line,
        2,
        "$A",
        unclosed="the $A address is not closed: add a line $A after it",
    )
    lines = []
    first_text_line = None
    for line in range(fence.first, fence.last + 1):
        begin = fence.first_pos if line == fence.first else line_start(state, line)
        end = fence.last_end if line == fence.last else state.eMarks[line]
        # Trailing backslashes and spaces would be line breaks in Markdown: each line ends
        # with one already, so Govspeak strips them, and so does the portal.
        text = state.src[begin:end].strip().rstrip("\\ \t")
        if text:
            lines.append(text)
            first_text_line = line if first_text_line is None else first_text_line
    outer = state.push("address_open", "div", 1)
    outer.attrs = {"class": "address"}
    outer.map = [start_line, fence.next_line]
    state.push("address_adr_open", "div", 1).attrs = {"class": "adr org fn"}
    paragraph = state.push("paragraph_open", "p", 1)
    paragraph.meta = {"plain": True}  # GOV.UK's address styles expect a bare <p>
    inline = state.push("inline", "", 0)
    # Two trailing spaces make markdown-it emit a hard line break between the lines.
    inline.content = "  \n".join(lines)
    # Line breaks are counted from here to give links in the address their own line.
    inline.map = [start_line if first_text_line is None else first_text_line, fence.next_line]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    state.push("address_adr_close", "div", -1)
    state.push("address_close", "div", -1)
    state.line = fence.next_line
    return True


def address_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence", "address", address, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
