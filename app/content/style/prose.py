"""The words of one content file as the style rules read them: blocks of text with their lines.

The words are read from the tokens of the portal's own parser (app.markdown), as the renderer
parsed them, so Govspeak markers, link addresses, code, abbreviation definitions and comments are
never read as words. Each heading,
paragraph, list item and table cell is one block; a block keeps, for every character of its
text, the file line it came from, so a rule reports the line an editor sees.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

HEADING, TEXT = "heading", "text"
# Between the blocks of a file's joined text: no rule's pattern matches it (not \s, \w or
# punctuation), so a match never runs from one block into the next.
BETWEEN_BLOCKS = "\x00"
WORD = re.compile(r"\S*[^\W_]\S*")  # as people count words: "£90,000" and "12-month" are one
# a sentence ends at . ! or ? followed by a space and what may start a sentence
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]?\s+(?=[A-Z0-9£\"'‘“(])")


@dataclass
class Link:
    line: int
    text: str


@dataclass
class Block:
    """One heading or run of text; `starts` maps offsets in `text` to file lines."""

    kind: str
    text: str = ""
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset, line)
    in_body: bool = True  # False for the title and description in the front matter

    def add(self, line: int, words: str) -> None:
        if not self.starts or self.starts[-1][1] != line:
            self.starts.append((len(self.text), line))
        self.text += words

    def line_at(self, offset: int) -> int:
        if len(self.starts) == 1:  # most blocks are on one line
            return self.starts[0][1]
        index = bisect_right([start for start, _line in self.starts], offset) - 1
        return self.starts[max(index, 0)][1]

    @property
    def line(self) -> int:
        return self.starts[0][1]

    def sentences(self) -> list[tuple[int, str]]:
        """Each sentence with the line it starts on."""
        found, start = [], 0
        ends = [m.start() for m in SENTENCE_END.finditer(self.text)] + [len(self.text)]
        for end in ends:
            piece = self.text[start:end]
            if piece.strip():
                found.append(
                    (self.line_at(start + len(piece) - len(piece.lstrip())), piece.strip())
                )
            start = end
        return found


@dataclass
class Prose:
    """What one file says: its blocks, its links and the abbreviations it defines."""

    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    abbreviations: set[str] = field(default_factory=set)

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """Every block's text in one string, and where each block starts in it (read once the
        blocks are all in: the rules run after the file is read)."""
        starts, offset = [], 0
        for block in self.blocks:
            starts.append(offset)
            offset += len(block.text) + len(BETWEEN_BLOCKS)
        return BETWEEN_BLOCKS.join(block.text for block in self.blocks), starts

    @property
    def text(self) -> str:
        """Every block's text, joined (by BETWEEN_BLOCKS)."""
        return self._joined[0]

    def finditer(self, pattern: re.Pattern) -> Iterator[tuple[Block, re.Match, int]]:
        """Each match of `pattern` in the file's blocks: the block, the match (in the joined
        text) and where it starts in the block's text. One search of the file rather than one a
        block: a page has a hundred blocks, and most rules' patterns rarely match."""
        text, starts = self._joined
        for match in pattern.finditer(text):
            index = bisect_right(starts, match.start()) - 1
            yield self.blocks[index], match, match.start() - starts[index]

    def body_words(self) -> int:
        # one search of the body's text, joined by spaces so that no word runs into the next
        return len(WORD.findall(" ".join(b.text for b in self.blocks if b.in_body)))

    def body_text(self) -> str:
        """The body's text blocks as sentences, for reading age: headings are not sentences."""
        texts = [b.text.strip() for b in self.blocks if b.in_body and b.kind == TEXT]
        return "\n".join(t if t.endswith((".", "!", "?", ":")) else t + "." for t in texts if t)


class _Walker:
    """Reads one inline token's children into a block, following links and line breaks."""

    def __init__(self, prose: Prose, block: Block, line: int):
        self.prose, self.block, self.line = prose, block, line
        self.link: Link | None = None

    def child(self, child) -> None:
        if child.type == "text":
            self.block.add(self.line, child.content)
            if self.link is not None:
                self.link.text += child.content
        elif child.type in ("softbreak", "hardbreak"):
            self.block.add(self.line, " ")
            self.line += 1
        elif child.type == "link_open":
            self.link = Link(self.line, "")
        elif child.type == "link_close" and self.link is not None:
            self.prose.links.append(self.link)
            self.link = None
        elif child.type == "code_inline":
            self.block.add(self.line, "code")  # a word, so sentences keep their length


def read_parsed(parsed: tuple[list, dict], first_line: int, prose: Prose | None = None) -> Prose:
    """Add a body the renderer has parsed (app.markdown.parse's tokens and env) to `prose`: the
    build reads each body's words from the tokens it renders, not from a second parse."""
    prose = prose or Prose()
    tokens, env = parsed
    prose.abbreviations |= set(env["abbreviations"])
    kind, line = TEXT, first_line
    for token in tokens:
        if token.map:
            line = first_line + token.map[0]
        if token.type == "heading_open":
            kind = HEADING
        elif token.type == "heading_close":
            kind = TEXT
        elif token.type == "inline" and token.children:
            block = Block(kind)
            walker = _Walker(prose, block, line)
            for child in token.children:
                walker.child(child)
            if block.text.strip():
                prose.blocks.append(block)
    return prose


def front_matter_block(kind: str, line: int, text: str) -> Block:
    block = Block(kind, in_body=False)
    block.add(line, text)
    return block
