"""Reading Ruby source: string literals (quoted, `%(…)`, heredocs) and where a block ends.

Enough of Ruby's syntax for the literals Govspeak's tests write their inputs and expected HTML
in; port.py uses it. A literal that interpolates (`#{…}`) is not a fixed case: safe_literal
gives None for it.
"""

import re

ESC = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "'": "'",
    "#": "#",
    "e": "\x1b",
    "s": " ",
    "0": "\0",
    "(": "(",
    ")": ")",
    "/": "/",
    "{": "{",
    "}": "}",
}


def _unicode_escape(s: str, i: int) -> tuple[str, int]:
    """`\\u0008` or `\\u{2ffff}` at s[i] (the backslash): the character and where it ends."""
    if s[i + 2] == "{":
        end = s.index("}", i)
        return chr(int(s[i + 3 : end], 16)), end + 1
    return chr(int(s[i + 2 : i + 6], 16)), i + 6


def unescape_dq(s: str) -> str:
    """A double-quoted Ruby string's value; ValueError if it interpolates (`#{…}`)."""
    out, i = [], 0
    while i < len(s):
        char = s[i]
        if char == "#" and s.startswith("#{", i):
            raise ValueError("interpolation")
        if char != "\\" or i + 1 == len(s):
            out.append(char)
            i += 1
        elif s[i + 1] == "u":
            char, i = _unicode_escape(s, i)
            out.append(char)
        else:
            out.append("" if s[i + 1] == "\n" else ESC.get(s[i + 1], s[i + 1]))
            i += 2
    return "".join(out)


def _quoted(src: str, pos: int, quote: str) -> int:
    """Where the string opened by the quote at pos ends (the closing quote's index)."""
    j = pos + 1
    while src[j] != quote:
        j += 2 if src[j] == "\\" else 1
    return j


def _percent(src: str, pos: int) -> tuple[str, int]:
    """`%(…)`, `%{…}` or `%[…]` at pos, brackets balanced."""
    opening = src[pos + 1]
    closing = {"(": ")", "{": "}", "[": "]"}[opening]
    depth, j = 1, pos + 2
    while depth:
        if src[j] == "\\":
            j += 2
            continue
        depth += (src[j] == opening) - (src[j] == closing)
        j += 1
    return unescape_dq(src[pos + 2 : j - 1]), j


HEREDOC = re.compile(r"<<([~-]?)([A-Z_]+)")


def _heredoc(src: str, match: re.Match) -> tuple[str, int]:
    body_start = src.index("\n", match.start()) + 1
    end = re.compile(r"^[ \t]*" + match.group(2) + r"$", re.M).search(src, body_start)
    body = src[body_start : end.start()]
    if match.group(1) == "~":  # a squiggly heredoc loses its common indentation
        lines = body.split("\n")
        indent = min((len(x) - len(x.lstrip(" ")) for x in lines if x.strip()), default=0)
        body = "\n".join(x[indent:] for x in lines)
    return unescape_dq(body), match.end()  # the rest of the line continues after the marker


def read_literal(src: str, pos: int) -> tuple[str, int] | None:
    """A Ruby string literal at pos (after spaces and a parenthesis): (value, end) or None."""
    while src[pos] in " \t\n(":
        pos += 1
    char = src[pos]
    if char == '"':
        end = _quoted(src, pos, '"')
        return unescape_dq(src[pos + 1 : end]), end + 1
    if char == "'":
        end = _quoted(src, pos, "'")
        return src[pos + 1 : end].replace("\\'", "'").replace("\\\\", "\\"), end + 1
    if char == "%" and src[pos + 1] in "({[":
        return _percent(src, pos)
    match = HEREDOC.match(src, pos)
    return _heredoc(src, match) if match else None


def safe_literal(src: str, pos: int) -> tuple[str, int] | None:
    try:
        return read_literal(src, pos)
    except ValueError:  # interpolated: not a fixed case
        return None


def remove_indentation(raw: str) -> str:
    """GovspeakTestHelper#remove_indentation: a string starting with a line break loses it and
    its lines' common indentation."""
    lines = raw.split("\n")
    if not lines or lines[0] != "":
        return raw
    lines = lines[1:]
    nonblank = [x for x in lines if not re.fullmatch(" *", x)]
    indent = min((len(x) - len(x.lstrip(" ")) for x in nonblank), default=0)
    return "\n".join(x[indent:] for x in lines)


def block_end(src: str, pos: int) -> int:
    """The `end` closing a do-block that starts at pos (by indentation of the opening line)."""
    start = src.rfind("\n", 0, pos) + 1
    indent = len(src[start:pos]) - len(src[start:pos].lstrip())
    match = re.compile(r"^" + " " * indent + r"end\b", re.M).search(src, pos)
    return match.start() if match else len(src)


def line_of(src: str, pos: int) -> int:
    """The 1-based line of src[pos]."""
    return src[:pos].count("\n") + 1
