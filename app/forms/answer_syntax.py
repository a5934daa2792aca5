"""The text shapes answers take, as regular expressions written once: each question type
(app/forms/questions/) matches answers with them and publishes them in the JSON Schema of a
form's answers, so the two cannot disagree about what is a number, a postcode or "yes".

They are written in the part of regular expression syntax that Python and ECMA-262 (JSON Schema's
dialect) read alike: character classes spelt out rather than `\\s`, `\\d` or a case-insensitive
flag, which mean other things in each (Python's `\\d` takes Arabic-Indic digits), and no
look-ahead. Each pattern is anchored and ends in optional whitespace, so that Python's `$` (which
also matches before a final newline) and ECMA's agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The characters Python counts as whitespace (str.isspace, str.strip(), re's \s): the engine
# trims answers with strip(), so the schema must call the same characters blank.
SPACE_CLASS = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
    r"\u3000"
)
SPACE = f"[{SPACE_CLASS}]"
BLANK = f"^{SPACE}*$"  # an answer left empty
NOT_BLANK = f"[^{SPACE_CLASS}]"  # searched for: something other than whitespace

# Numbers as GOV.UK asks for them: ASCII digits, an optional sign, thousands separated by commas
# or spaces (as people type them), a decimal point only where the question allows decimals.
# Never an exponent, underscores, other scripts' digits, "inf" or "NaN", which Python would read.
THOUSANDS = ", "
_WHOLE = r"(?:[0-9]+|[0-9]{1,3}(?:[, ][0-9]{3})+)"
WHOLE_NUMBER = f"^{SPACE}*[+-]?{_WHOLE}{SPACE}*$"
DECIMAL_NUMBER = rf"^{SPACE}*[+-]?(?:{_WHOLE}(?:\.[0-9]*)?|\.[0-9]+){SPACE}*$"

YES = f"^{SPACE}*[Yy][Ee][Ss]{SPACE}*$"
NO = f"^{SPACE}*[Nn][Oo]{SPACE}*$"

ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # exactly YYYY-MM-DD, as JSON Schema's format "date"
DAY = f"^{SPACE}*0*(?:[1-9]|[12][0-9]|3[01]){SPACE}*$"
YEAR = f"^{SPACE}*(?:[1-9][0-9]{{3}}|0[1-9][0-9]{{2}}|00[1-9][0-9]|000[1-9]){SPACE}*$"
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ],
        1,
    )
    for name in names.split()
}


def any_case(word: str) -> str:
    """`may` → `[Mm][Aa][Yy]`: ASCII letters in either case, nothing else."""
    return "".join(
        f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else re.escape(c) for c in word
    )


MONTH = (
    f"^{SPACE}*(?:0*(?:[1-9]|1[0-2])|"
    + "|".join(any_case(name) for name in sorted(MONTH_NAMES, key=len, reverse=True))
    + f"){SPACE}*$"
)


def spaced(tokens: Iterable[str], gap: str = SPACE) -> str:
    """A pattern of `tokens` with any amount of `gap` before, between and after them."""
    return f"^{gap}*" + "".join(f"{token}{gap}*" for token in tokens) + "$"


def letters(allowed: Iterable[str]) -> str:
    """A class of these upper-case letters, in either case: `AB` → `[ABab]`."""
    chosen = sorted(set(allowed))
    return "[" + "".join(chosen) + "".join(chosen).lower() + "]"


UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# A UK postcode with spaces anywhere (the engine drops them): the outward code (1 or 2 letters,
# a digit, maybe a letter or digit), the inward code (a digit, 2 letters); or GIR 0AA.
POSTCODE = "|".join(
    [
        spaced(
            [
                f"{letters(UPPER)}",
                f"{letters(UPPER)}?",
                "[0-9]",
                f"(?:{letters(UPPER)}|[0-9])?",
                "[0-9]",
                letters(UPPER),
                letters(UPPER),
            ]
        ),
        spaced([*map(any_case, "GIR"), "0", any_case("A"), any_case("A")]),
    ]
)

# A National Insurance number, with spaces or dashes anywhere: two prefix letters (HMRC's rules:
# the first never D, F, I, Q, U or V; the second never those or O; never BG, GB, KN, NK, NT, TN or
# ZZ), six digits and a suffix letter A to D.
NI_FIRST = set(UPPER) - set("DFIQUV")
NI_SECOND = set(UPPER) - set("DFIOQUV")
NI_NEVER = {"B": "G", "G": "B", "K": "N", "N": "KT", "T": "N", "Z": "Z"}
NI_GAP = f"[{SPACE_CLASS}-]"


def _ni_prefix() -> str:
    plain = letters(NI_FIRST - set(NI_NEVER))
    alternatives = [f"{plain}{NI_GAP}*{letters(NI_SECOND)}"]
    alternatives += [
        f"{letters(first)}{NI_GAP}*{letters(NI_SECOND - set(never))}"
        for first, never in NI_NEVER.items()
    ]
    return "(?:" + "|".join(alternatives) + ")"


NI_NUMBER = spaced([_ni_prefix(), *["[0-9]"] * 6, letters("ABCD")], NI_GAP)


def matches(pattern: str, text: str) -> bool:
    """Whether the whole of `text` matches (fullmatch: Python's `$` alone would let a final
    newline through, which ECMA's does not)."""
    return re.fullmatch(pattern, text) is not None
