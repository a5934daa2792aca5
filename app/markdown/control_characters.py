"""Characters not suitable for markup are taken out before parsing, as Govspeak does.

These are the W3C's "not suitable for use with markup" characters that Govspeak strips (the
Sanitize gem's REGEX_UNSUITABLE_CHARS): C0 and C1 control characters other than tab, line
feed, form feed and carriage return, and the Unicode non-characters (U+FDD0 to U+FDEF and the
last two code points of every plane). None is a line break, so every line keeps its number.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

# Everything unsuitable, plus every character beyond the Basic Multilingual Plane (the
# non-characters U+1FFFE … U+10FFFF are among those): a class of ranges is scanned quickly,
# where naming the 32 astral non-characters one by one made the scan eight times slower.
CANDIDATES = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
)


def _unsuitable(char: str) -> bool:
    code = ord(char)
    return code < 0x10000 or code & 0xFFFE == 0xFFFE  # a BMP candidate, or U+xFFFE/U+xFFFF


def _drop(match: re.Match) -> str:
    return "" if _unsuitable(match.group()) else match.group()


def strip_unsuitable(state: StateCore) -> None:
    if CANDIDATES.search(state.src):  # one scan in C; most documents have none
        state.src = CANDIDATES.sub(_drop, state.src)


def control_characters_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("normalize", "strip_unsuitable", strip_unsuitable)
