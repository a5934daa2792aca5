"""Buttons: `{button}[Text](/url){/button}`, and `{button start}` for a green Start button.

An inline rule, so the link text is parsed like any link text. As in Govspeak, a button
stays in its paragraph (`<p><a class="gem-c-button govuk-button" …>`), and a Start button's
text is in a `<span>` before the arrow, as GOV.UK's button component writes it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

OPEN = re.compile(r"\{button([^}\n]*)\}[ \t]*\[")
CLOSE = "{/button}"

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


def button_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "button", button)
    md.add_render_rule("button_start_icon", lambda *args: START_ICON)
