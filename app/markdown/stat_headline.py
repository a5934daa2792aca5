"""Statistic headlines: `{stat-headline}*13.8bn* years{/stat-headline}`."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.markdown.block_helpers import find_fence, tokenize_fence
from app.markdown.helpers import block_start_ok, line_start

OPEN = "{stat-headline}"
CLOSE = "{/stat-headline}"


def stat_headline(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    if not state.src.startswith(OPEN, pos):
        return False
    if silent:
        return True
    fence = find_fence(
        state,
        start_line,
        end_line,
        len(OPEN),
        CLOSE,
        unclosed=f"{OPEN} is not closed: add {CLOSE} where it ends",
    )
    token = state.push("stat_headline_open", "div", 1)
    token.attrs = {"class": "stat-headline"}
    token.map = [start_line, fence.next_line]
    tokenize_fence(state, fence)
    state.push("stat_headline_close", "div", -1)
    return True


def stat_headline_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence",
        "stat_headline",
        stat_headline,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
