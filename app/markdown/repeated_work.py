"""markdown-it's work that is the same on every page, or mostly nothing, done once or skipped.

- `normalize` (the core rule that turns CR LF and CR into LF and NUL into U+FFFD) runs two
  regular-expression substitutions over the whole text, which match every line ending even
  where there is nothing to change: the same rule, substituting only when the text has a CR or
  a NUL (a search for one character is a memchr).
- A link's address is normalised (parsed, punycoded, percent-encoded) at every link, and a
  site's pages link to the same few hundred pages over and over: each address is normalised
  once, and the answer kept (a pure function of the address).
- The setext heading rule (a paragraph underlined with `===` or `---`) is tried at every
  paragraph and walks all its lines, asking at each whether a block rule would end the
  paragraph there, before the paragraph rule walks them again the same way. It can only match
  when a line of the paragraph starts with `=` or `-`: where none does, it is not tried.
- The reference definition rule (`[label]: address`) is tried at every block starting `[`
  (in list items, mostly links) and reads the label a character at a time in Python: where
  the line's first `]` is not followed by `:` (with no `[` or `\\` before it), it is not tried.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.lheading import lheading as markdown_its_lheading
from markdown_it.rules_block.reference import reference as markdown_its_reference
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.normalize import NEWLINES_RE

LINKS_HELD = 8192  # normalised addresses kept: a site's most linked pages, and then some


def normalize(state: StateCore) -> None:
    """markdown-it's `normalize`, skipping the substitutions that would change nothing."""
    src = state.src
    if "\r" in src:
        src = NEWLINES_RE.sub("\n", src)
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def lheading(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's setext heading rule, not tried where no line can be its underline: the
    lines it would look at (to the paragraph's first blank line) and the character at which
    it looks for `=` or `-` on each are its own."""
    src, starts, shifts, ends = state.src, state.bMarks, state.tShift, state.eMarks
    line = start_line + 1
    while line < end_line:
        pos = starts[line] + shifts[line]
        if pos >= ends[line]:  # a blank line ends the paragraph
            break
        if src[pos] in "-=":
            return markdown_its_lheading(state, start_line, end_line, silent)
        line += 1
    # as markdown-it's rule leaves it when it finds no underline: the list rule reads it
    if not state.is_code_block(start_line):
        state.parentType = "paragraph"
    return False


def reference(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's reference definition rule, not tried where the label on the first line
    cannot end in `]:`: markdown-it stops at a `[` in it, or at a `]` without a `:` after."""
    src = state.src
    pos = state.bMarks[start_line] + state.tShift[start_line]
    close = src.find("]", pos + 1, state.eMarks[start_line])
    if close != -1:
        label = src[pos + 1 : close]
        if "\\" not in label and ("[" in label or src[close + 1 : close + 2] != ":"):
            return False
    return markdown_its_reference(state, start_line, end_line, silent)


def _in_place_of(md: MarkdownIt, name: str, theirs, ours) -> None:
    """`ours` for markdown-it's rule `theirs`, in the same chains; ours copy what theirs do, so
    a plugin that had replaced theirs would be bypassed: that is an error."""
    rule = next(rule for rule in md.block.ruler.__rules__ if rule.name == name)
    if rule.fn is not theirs:
        raise ValueError(f"the block rule {name!r} is not markdown-it's own: install this first")
    md.block.ruler.at(name, ours, {"alt": rule.alt})


def repeated_work_plugin(md: MarkdownIt) -> None:
    md.core.ruler.at("normalize", normalize)
    _in_place_of(md, "lheading", markdown_its_lheading, lheading)
    _in_place_of(md, "reference", markdown_its_reference, reference)
    md.normalizeLink = lru_cache(maxsize=LINKS_HELD)(md.normalizeLink)
