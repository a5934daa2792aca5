"""200 realistic search queries over the generated corpus, the same every run.

Made from the corpus's own subjects (benchmarks/make_corpus.py TOPICS) in the shapes citizens
type: the bare subject, "apply for …", questions, a word with a typo, an agency plus a subject.
"""

from __future__ import annotations

import random

from make_corpus import ORGANISATIONS, TOPICS

SHAPES = [
    "{s}",
    "apply for {s}",
    "{s} eligibility",
    "how much {s}",
    "how do i get {s}",
    "{s} deadline",
    "change {s} details",
    "{s} online",
    "{typo}",
    "{org} {s}",
]


def _typo(rng: random.Random, text: str) -> str:
    words = text.split()
    index = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[index]
    if len(word) > 4:
        at = rng.randrange(1, len(word) - 2)
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # swap two letters
    words[index] = word
    return " ".join(words)


def queries(count: int = 200, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    subjects = [s for group in TOPICS.values() for s in group]
    out = []
    while len(out) < count:
        subject = rng.choice(subjects).lower()
        shape = SHAPES[len(out) % len(SHAPES)]
        org = rng.choice(ORGANISATIONS).split()[0].lower()
        out.append(shape.format(s=subject, typo=_typo(rng, subject), org=org))
    return out


# -- hostile queries (`benchmarks/search.py --hostile`) -------------------------------------------

SYNTAX = [
    '"',
    "*",
    "?",
    "~",
    "^",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "\\",
    "/",
    "'",
    "TO",
    "!",
    "&&",
    "||",
    "%",
    "<script>",
]
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ACCENTED = "éèàüöçñßøåæœ"  # \w matches them: words the index has never seen


def vocabulary() -> list[str]:
    """The corpus's own words (its titles, subjects and sentences), from make_corpus's pools."""
    from make_corpus import CLAUSES, FILLER, OBJECTS, SECTION_HEADS, SUBJECTS, TITLE_PATTERNS, VERBS

    texts = [
        *ORGANISATIONS,
        *CLAUSES,
        *FILLER,
        *OBJECTS,
        *SECTION_HEADS,
        *SUBJECTS,
        *VERBS,
        *(s for group in TOPICS.values() for s in group),
        *(p.replace("{s}", "") for group in TITLE_PATTERNS.values() for p in group),
    ]
    words = {w.strip(".,:'").lower() for text in texts for w in text.split()}
    return sorted(w for w in words if w.isalpha())


def _random_word(rng: random.Random, low: int, high: int, letters: str = LETTERS) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(low, high)))


def _near(rng: random.Random, word: str) -> str:
    """One or two edits (swap, drop, double, change a letter) after the first letter."""
    for _ in range(rng.randint(1, 2)):
        if len(word) < 3:
            break
        at = rng.randrange(1, len(word) - 1)
        edit = rng.randrange(4)
        if edit == 0:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif edit == 1:
            word = word[:at] + word[at + 1 :]
        elif edit == 2:
            word = word[:at] + word[at] + word[at:]
        else:
            word = word[:at] + rng.choice(LETTERS) + word[at + 1 :]
    return word


def hostile(count: int = 1000, seed: int = 11) -> list[tuple[str, str]]:
    """(kind, query): what a client trying to make search slow would send, in equal shares of
    each kind, the same every run."""
    rng = random.Random(seed)
    words = vocabulary()
    long_words = [w for w in words if len(w) >= 6]
    kinds = {
        # the attack: a dozen random long words, none of them in the index
        "random long words": lambda: " ".join(_random_word(rng, 14, 20) for _ in range(12)),
        "random words, any length": lambda: " ".join(
            _random_word(rng, 4, 40, rng.choice([LETTERS, LETTERS + ACCENTED, "ab"]))
            for _ in range(rng.randint(1, 40))
        ),
        "many real words": lambda: " ".join(rng.choice(words) for _ in range(1000)),
        "long query": lambda: " ".join(rng.choice(words) + rng.choice(SYNTAX) for _ in range(2000))[
            :20_000
        ],
        "syntax and wildcards": lambda: " ".join(
            rng.choice(
                [
                    rng.choice(words) + "*",
                    "*" + rng.choice(words),
                    rng.choice(SYNTAX),
                    f"title:{rng.choice(words)}",
                    f"{rng.choice(words)}~2",
                    f"[{rng.choice(words)} TO {rng.choice(words)}]",
                    rng.choice(words),
                ]
            )
            for _ in range(rng.randint(3, 60))
        ),
        "near-duplicates of real words": lambda: " ".join(
            _near(rng, rng.choice(long_words)) for _ in range(rng.randint(6, 14))
        ),
        "quoted phrases": lambda: " ".join(
            '"' + " ".join(rng.choice(words) for _ in range(rng.randint(2, 30))) + '"'
            for _ in range(rng.randint(1, 8))
        ),
        "quoted misspellings": lambda: (
            '"' + " ".join(_near(rng, rng.choice(long_words)) for _ in range(12)) + '"'
        ),
    }
    names = list(kinds)
    return [(names[i % len(names)], kinds[names[i % len(names)]]()) for i in range(count)]


def hostile_requests(count: int = 375, seed: int = 12) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, route, parameters): hostile requests beyond `/search?q=`, in equal shares, the same
    every run: the API's longest pages of results (each result's snippet highlighted), quoted
    phrases of common words sorted by date, and completions of a letter or two."""
    rng = random.Random(seed)
    words = vocabulary()
    orders = ["relevance", "-updated", "updated"]

    def phrases() -> str:
        return " ".join(
            '"' + " ".join(rng.choice(words) for _ in range(rng.randint(2, 4))) + '"'
            for _ in range(rng.randint(1, 6))
        )

    def typed() -> str:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 5)))
        last = rng.choice([rng.choice(words)[: rng.randint(1, 3)], rng.choice(LETTERS)])
        return f"{text} {last}".strip()

    kinds = {
        "API, 100 results a page": lambda: (
            "/api/v1/search",
            {
                "q": " ".join(rng.choice(words) for _ in range(rng.randint(1, 12))),
                "page_size": "100",
                "order": rng.choice(orders),
            },
        ),
        "quoted phrases by date": lambda: (
            "/search",
            {"q": phrases(), "order": rng.choice(orders[1:])},
        ),
        "completions": lambda: ("/api/v1/search/suggest", {"q": typed()}),
    }
    names = list(kinds)
    return [(names[i % len(names)], *kinds[names[i % len(names)]]()) for i in range(count)]
