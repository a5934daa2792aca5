"""markdown-it's work that is the same on every page, or mostly nothing, done once or skipped.

- `normalize` (the core rule that turns CR LF and CR into LF and NUL into U+FFFD) runs two
  regular-expression substitutions over the whole text, which match every line ending even
  where there is nothing to change: the same rule, substituting only when the text has a CR or
  a NUL (a search for one character is a memchr).
- A link's address is normalised (parsed, punycoded, percent-encoded) at every link, and a
  site's pages link to the same few hundred pages over and over: each address is normalised
  once, and the answer kept (a pure function of the address).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
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


def repeated_work_plugin(md: MarkdownIt) -> None:
    md.core.ruler.at("normalize", normalize)
    md.normalizeLink = lru_cache(maxsize=LINKS_HELD)(md.normalizeLink)
