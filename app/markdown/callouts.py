"""Callouts: `^information^` and `%warning%`.

The closing marker is optional. Without it the callout is one paragraph (it ends at the
first blank line); with it, the callout may hold several paragraphs or a list.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.i18n import N_
from app.markdown.block_helpers import find_fence, tokenize_fence
from app.markdown.helpers import block_start_ok, label, line_start, line_text

CALLOUTS = {
    "^": (N_("Information"), "application-notice info-notice"),
    "%": (N_("Warning"), "application-notice help-notice"),
}


def callout(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not block_start_ok(state, start_line):
        return False
    pos = line_start(state, start_line)
    marker = state.src[pos : pos + 1]
    if marker not in CALLOUTS:
        return False
    if silent:
        return True
    fence = find_fence(state, start_line, end_line, 1, marker, stop_at_opener=marker)
    if not fence.closed:
        # No closing marker: the callout is the paragraph that starts here (up to a blank
        # line, or the next callout).
        last = start_line
        while (
            last + 1 < end_line
            and not state.isEmpty(last + 1)
            and not line_text(state, last + 1).startswith(marker)
        ):
            last += 1
        fence.last, fence.last_end = last, state.eMarks[last]
    name, classes = CALLOUTS[marker]
    token = state.push("callout_open", "div", 1)
    token.attrs = {"role": "note", "aria-label": label(state.env, name), "class": classes}
    token.markup = marker
    token.map = [start_line, fence.next_line]
    tokenize_fence(state, fence)
    state.push("callout_close", "div", -1).markup = marker
    return True


def callouts_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "fence", "callout", callout, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
