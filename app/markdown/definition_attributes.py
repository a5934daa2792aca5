"""kramdown's attribute lists on link definitions: `{: hreflang="en" .note}` on a line of its own
next to `[name]: https://…` sets the attributes of every `[text][name]` link to it.

Govspeak is kramdown, where such a line right after a reference-style link definition (or
right before it, with no blank line between) belongs to the definition; several lines add up.
A block rule reads those lines (and only those: a `{: …}` line next to anything else is left
as text), keeping the attributes by the definition's label; an inline rule, before markdown-it's
own link rule, puts them on each link that uses the label. The attributes allowed, and the
report of any other, are link_attributes'.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.link import link as markdown_link

from app.markdown.helpers import block_start_ok, line_text, report
from app.markdown.link_attributes import LIST, apply_attributes, rejected_message

DEFINITION = re.compile(r"\[([^\]\n]+)\]:")


def _is_list_line(state: StateBlock, line: int) -> bool:
    if not state.src.startswith("{:", state.bMarks[line] + state.tShift[line]):
        return False
    text = line_text(state, line).rstrip()
    return not text.startswith(("{::", "{:/")) and LIST.fullmatch(text) is not None


def _definition_label(state: StateBlock, line: int) -> str | None:
    """The label of the definition an attribute list on `line` belongs to: the definition
    right above the run of attribute list lines it is in, else the one right below it.

    Worked out once a run and kept in the env by line, so that a long run of such lines is
    read once, not once a line."""
    known = state.env.setdefault("definition_attribute_lines", {})
    if line in known:
        return known[line]
    first, last = line, line
    while first > 0 and _is_list_line(state, first - 1):
        first -= 1
    while last + 1 < state.lineMax and _is_list_line(state, last + 1):
        last += 1
    label = _label_at(state, first - 1) or _label_at(state, last + 1)
    known.update(dict.fromkeys(range(first, last + 1), label))
    return label


def _label_at(state: StateBlock, line: int) -> str | None:
    """The label of the reference-style definition starting on `line`, if one does."""
    if not 0 <= line < state.lineMax or state.isEmpty(line):
        return None
    match = DEFINITION.match(line_text(state, line))
    return match.group(1) if match else None


def definition_attributes(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if not state.src.startswith("{:", state.bMarks[start_line] + state.tShift[start_line]):
        return False
    if not block_start_ok(state, start_line) or not _is_list_line(state, start_line):
        return False
    label = _definition_label(state, start_line)
    if label is None:
        return False
    if not silent:
        written = LIST.fullmatch(line_text(state, start_line).rstrip()).group(1)
        kept = state.env.setdefault("definition_attributes", {})
        kept.setdefault(normalizeReference(label), []).append(written)
        for shown in apply_attributes(None, written):
            report(state.env, start_line + 1, rejected_message(shown))
    state.line = start_line + 1
    return True


def _reference_label(state: StateInline) -> str | None:
    """The label a `[text][label]`, `[label][]` or `[label]` link at state.pos refers to."""
    label_end = state.md.helpers.parseLinkLabel(state, state.pos, True)
    if label_end < 0:
        return None
    after = label_end + 1
    if after < state.posMax and state.src[after] == "(":
        return None  # an inline link: its own `{: …}` is link_attributes'
    if after < state.posMax and state.src[after] == "[":
        close = state.src.find("]", after + 1, state.posMax)
        if close > after + 1:
            return state.src[after + 1 : close]
    return state.src[state.pos + 1 : label_end]


def reference_link(state: StateInline, silent: bool) -> bool:
    kept = state.env.get("definition_attributes")
    if not kept or state.src[state.pos] != "[":
        return False
    label = _reference_label(state)
    attributes = kept.get(normalizeReference(label)) if label else None
    if not attributes:
        return False
    count = len(state.tokens)
    if not markdown_link(state, silent):
        return False
    if not silent:
        link_open = next(t for t in state.tokens[count:] if t.type == "link_open")
        for written in attributes:
            apply_attributes(link_open, written)  # rejected ones were reported at the list
    return True


def definition_attributes_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before(
        "reference",
        "definition_attributes",
        definition_attributes,
        {"alt": ["paragraph", "reference"]},
    )
    md.inline.ruler.before("link", "reference_link_attributes", reference_link)
