"""Silences: an editor turns a style rule off for one line or one file, with a comment.

In Markdown (HTML comments are never published: app/markdown/comments.py):

    Apply for a licence. <!-- style: ignore plain-english: "licence" is the law's word -->

    <!-- style: ignore sentence-length -->
    A long sentence quoted from the law, on the line after a comment that stands alone.

    <!-- style: ignore-file reading-age: a legal notice -->

In the front matter, a YAML comment on the line it silences (or `ignore-file` anywhere in it):

    title: Utilise the service  # style: ignore words-to-avoid

Rule ids are the part after `style/`, separated by commas; anything after them is the reason,
for the next editor. An unknown id is reported, so a misspelt silence never silences nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RULE_ID = r"[a-z][a-z0-9-]*"
SILENCE = re.compile(
    rf"style:\s*(?P<scope>ignore-file|ignore)\s+(?P<ids>{RULE_ID}(?:\s*,\s*{RULE_ID})*)"
)
MARKDOWN_COMMENT = re.compile(r"<!--(.*?)-->")
YAML_COMMENT = re.compile(r"(?:^|\s)#(.*)$")


@dataclass
class Silences:
    """Which rules are off where in one file; `unknown` are (line, id) of ids no rule has."""

    file: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    unknown: list[tuple[int, str]] = field(default_factory=list)

    def silenced(self, rule: str, line: int) -> bool:
        return rule in self.file or rule in self.lines.get(line, ())


def _comments(line: str, in_front_matter: bool) -> tuple[list[str], str]:
    """The comments on a line, and the rest of the line without them."""
    if in_front_matter:
        match = YAML_COMMENT.search(line)
        return ([match.group(1)], line[: match.start()]) if match else ([], line)
    return MARKDOWN_COMMENT.findall(line), MARKDOWN_COMMENT.sub("", line)


def _target_line(lines: list[str], index: int, rest: str) -> int:
    """The 1-based line a comment silences: its own, or the next non-blank line when the
    comment stands alone on its line (`rest` is the line without its comments)."""
    if rest.strip():
        return index + 1
    for following in range(index + 1, len(lines)):
        if lines[following].strip():
            return following + 1
    return index + 1


def _read(silences: Silences, lines: list[str], first_line: int, front: bool, known) -> None:
    for index, line in enumerate(lines):
        comments, rest = _comments(line, front)
        for comment in comments:
            match = SILENCE.search(comment)
            if not match:
                continue
            ids = [rule.strip() for rule in match.group("ids").split(",")]
            silences.unknown += [(first_line + index, rule) for rule in ids if rule not in known]
            if match.group("scope") == "ignore-file":
                silences.file.update(ids)
            else:
                target = first_line + _target_line(lines, index, rest) - 1
                silences.lines.setdefault(target, set()).update(ids)


def read_silences(front_matter: str, body: str, body_line: int, known: set[str]) -> Silences:
    """The silences in a file: its front matter's text (from line 2, after `---`; "" when it has
    no style comment) and its body (from `body_line`)."""
    silences = Silences()
    if "style:" in front_matter:
        _read(silences, front_matter.splitlines(), 2, True, known)
    if "style:" in body:  # most files have none: not worth splitting into lines
        _read(silences, body.splitlines(), body_line, False, known)
    return silences
