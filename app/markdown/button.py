"""Buttons: `{button}[Text](/url){/button}`, and `{button start}` for a green Start button.

An inline rule, so the link text is parsed like any link text. As in Govspeak, a button
stays in its paragraph (`<p><a class="gem-c-button govuk-button" …>`), and a Start button's
text is in a `<span>` before the arrow, as GOV.UK's button component writes it. Govspeak also
reads a button written over several lines, blank ones included (`{button}`, the link and
`{/button}` each on a line of its own): a block rule joins those lines into one paragraph.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from app.markdown.helpers import block_start_ok, line_start, line_text

OPEN = re.compile(r"\{button([^}\n]*)\}[ \t]*\[")
CLOSE = "{/button}"
SPLIT = re.compile(r"(\{button[^}\n]*\})\s*(\[[^\]]+\]\([^)]+\))\s*\{/button\}")
MOST_LINES = 12  # a split button is a few lines; never scan far for its end

# A right-pointing chevron, drawn for this project in the shape GOV.UK's start buttons use.
START_ICON = (
    '<svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5"'
    ' height="19" viewBox="0 0 35 38" aria-hidden="true" focusable="false">'
    '<path fill="currentColor" d="M1 0h13l18 19-18 19H1l18-19z"/></svg>'
)


def _link_parts(state: StateInline, label_start: int) -> tuple[int, str, int] | None:
    """Parse `[text](url)` at ``label_start``: (label end, href, position after `)`)."""
    src, maximum = state.src, state.posMax
    label_end = state.md.helpers.parseLinkLabel(state, label_start, True)
    if label_end < 0 or label_end + 1 >= maximum or src[label_end + 1] != "(":
        return None
    pos = label_end + 2
    while pos < maximum and src[pos] in " \t":
        pos += 1
    dest = state.md.helpers.parseLinkDestination(src, pos, maximum)
    if not dest.ok:
        return None
    href = state.md.normalizeLink(dest.str)
    if not state.md.validateLink(href):
        return None
    pos = dest.pos
    while pos < maximum and src[pos] in " \t":
        pos += 1
    if pos >= maximum or src[pos] != ")":
        return None
    return label_end, href, pos + 1


def button(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    match = OPEN.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    parts = _link_parts(state, match.end() - 1)
    if parts is None:
        return False
    label_end, href, pos = parts
    while pos < state.posMax and state.src[pos] in " \t":
        pos += 1
    if not state.src.startswith(CLOSE, pos):
        return False
    if not silent:
        start = "start" in match.group(1).split()
        token = state.push("button_open", "a", 1)
        token.attrs = {
            "href": href,
            "role": "button",
            "draggable": "false",
            "class": "gem-c-button govuk-button govuk-button--start"
            if start
            else "gem-c-button govuk-button",
            "data-module": "govuk-button",
        }
        token.meta = {"start": start}
        if start:
            state.push("button_text_open", "span", 1)
        old_pos, old_max = state.pos, state.posMax
        state.pos, state.posMax = match.end(), label_end
        state.linkLevel += 1  # no links inside the button's text
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.pos, state.posMax = old_pos, old_max
        if start:
            state.push("button_text_close", "span", -1)
            state.push("button_start_icon", "", 0)
        state.push("button_close", "a", -1)
    state.pos = pos + len(CLOSE)
    return True


def _split_end(state: StateBlock, start_line: int, end_line: int) -> int | None:
    """The line holding `{/button}` for a button opened on start_line, if it is near."""
    for line in range(start_line + 1, min(end_line, start_line + MOST_LINES)):
        if CLOSE in line_text(state, line):
            return line
    return None


def split_button(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """`{button}` … `{/button}` over several lines: one paragraph holding the button."""
    pos = line_start(state, start_line)
    if not state.src.startswith("{button", pos) or not block_start_ok(state, start_line):
        return False
    if CLOSE in line_text(state, start_line):
        return False  # on one line: the inline rule's
    last = _split_end(state, start_line, end_line)
    match = last is not None and SPLIT.fullmatch(state.src[pos : state.eMarks[last]].strip())
    if not match:
        return False
    if not silent:
        state.push("paragraph_open", "p", 1).map = [start_line, last + 1]
        inline = state.push("inline", "", 0)
        inline.content = f"{match.group(1)}{match.group(2)}{CLOSE}"
        inline.map, inline.children = [start_line, last + 1], []
        state.push("paragraph_close", "p", -1)
    state.line = last + 1
    return True


def button_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "split_button", split_button)
    md.inline.ruler.before("link", "button", button)
    md.add_render_rule("button_start_icon", lambda *args: START_ICON)
