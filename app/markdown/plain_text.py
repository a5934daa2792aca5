"""The words of a document without markup, for the search index.

Taken from the parsed tokens (not by stripping tags from the HTML): the text of every inline run,
with a line break between blocks, so words from neighbouring blocks never run together.
"""

from __future__ import annotations

from markdown_it.token import Token

INLINE_TEXT = {"text", "code_inline"}
INLINE_BREAKS = {"softbreak", "hardbreak"}


def plain_text(tokens: list[Token]) -> str:
    lines: list[str] = []
    for token in tokens:
        if token.type == "inline":
            words = []
            for child in token.children or ():
                if child.type in INLINE_TEXT:
                    words.append(child.content)
                elif child.type in INLINE_BREAKS:
                    words.append(" ")
            line = "".join(words).strip()
            if line:
                lines.append(line)
        elif token.type in ("code_block", "fence") and token.content.strip():
            lines.append(token.content.strip())
    return "\n".join(lines)
