"""Devolved content: `:wales:` … `:wales:` for text that applies to one nation only."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.i18n import N_
from app.markdown.block_helpers import find_fence, tokenize_fence
from app.markdown.helpers import block_start_ok, label, line_start

NATIONS = {
    "england": N_("This section applies to England"),
    "scotland": N_("This section applies to Scotland"),
    "wales": N_("This section applies to Wales"),
    "northern-ireland": N_("This section applies to Northern Ireland"),
    "england-wales": N_("This section applies to England and Wales"),
    "london": N_("This section applies to London"),
}

OPENER = re.compile(r":(" + "|".join(re.escape(n) for n in NATIONS) + r"):(?=\s|$)")


def devolved(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if state.src[pos : pos + 1] != ":":
        return False
    match = OPENER.match(state.src, pos, state.eMarks[start_line])
    if not match:
        return False
    if silent:
        return True
    nation = match.group(1)
    marker = match.group(0)
    fence = find_fence(
        state,
        start_line,
        end_line,
        len(marker),
        marker,
        unclosed=f"the {marker} section is not closed: add a line {marker} where it ends",
    )
    token = state.push("devolved_open", "div", 1)
    token.attrs = {"class": f"devolved-content {nation}"}
    token.map = [start_line, fence.next_line]
    token = state.push("devolved_header", "p", 0)
    token.attrs = {"class": "devolved-header"}
    token.content = label(state.env, NATIONS[nation])
    state.push("devolved_body_open", "div", 1).attrs = {"class": "devolved-body"}
    tokenize_fence(state, fence)
    state.push("devolved_body_close", "div", -1)
    state.push("devolved_close", "div", -1)
    return True


def render_devolved_header(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    return f'<p class="devolved-header">{token.content}</p>\n'


def devolved_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence", "devolved", devolved, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.add_render_rule("devolved_header", render_devolved_header)
