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
        word = word[:at] + word[at + 1] + word[at] + word[at + 2:]  # swap two letters
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
