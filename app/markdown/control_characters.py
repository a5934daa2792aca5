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

# U+xFFFE and U+xFFFF of each of the 17 planes.
NON_CHARACTERS = "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)
)
UNSUITABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef" + NON_CHARACTERS + "]")


def strip_unsuitable(state: StateCore) -> None:
    if UNSUITABLE.search(state.src):  # one scan in C; most documents have none
        state.src = UNSUITABLE.sub("", state.src)


def control_characters_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("normalize", "strip_unsuitable", strip_unsuitable)
