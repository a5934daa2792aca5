"""The `$X … $X` family: example, contact, download, place, information and so on.

One rule serves every marker; the marker decides the class. `$A` (address) and
`$LegislativeList` have their own modules because their content is treated differently.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.markdown.block_helpers import find_fence, tokenize_fence
from app.markdown.helpers import block_start_ok, line_start

DOLLAR_BLOCKS = {
    "$E": "example",
    "$C": "contact",
    "$D": "form-download",
    "$P": "place",
    "$I": "information",
    "$AI": "additional-information",
    "$CTA": "call-to-action",
    "$!": "summary",
}

# Longest first, so `$CTA` is not read as `$C` followed by "TA". The marker is followed by a
# space or the end of the line, or (`$CTAClick here$CTA`, as Govspeak allows) by text when
# the same line ends with the marker, so a word such as "$Cost" never opens a block.
_LONGEST_FIRST = sorted(DOLLAR_BLOCKS, key=len, reverse=True)
OPENER = re.compile("(" + "|".join(map(re.escape, _LONGEST_FIRST)) + ")")


def _opens(state: StateBlock, line: int, pos: int) -> str | None:
    match = OPENER.match(state.src, pos, state.eMarks[line])
    if not match:
        return None
    marker, end = match.group(1), match.end()
    if end == state.eMarks[line] or state.src[end] in " \t":
        return marker
    text = state.src[pos : state.eMarks[line]].rstrip()
    return marker if len(text) > 2 * len(marker) and text.endswith(marker) else None


def dollar_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if state.src[pos : pos + 1] != "$":
        return False
    marker = _opens(state, start_line, pos)
    if marker is None:
        return False
    if silent:
        return True
    fence = find_fence(
        state,
        start_line,
        end_line,
        len(marker),
        marker,
        unclosed=f"the {marker} block is not closed: add a line {marker} where it ends",
    )
    token = state.push("dollar_block_open", "div", 1)
    token.attrs = {"class": DOLLAR_BLOCKS[marker]}
    token.markup = marker
    token.map = [start_line, fence.next_line]
    tokenize_fence(state, fence)
    state.push("dollar_block_close", "div", -1).markup = marker
    return True


def dollar_blocks_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "dollar_block",
        dollar_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
