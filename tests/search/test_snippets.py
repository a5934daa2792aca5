"""Snippets pick the passage the plain rule picks: the first line with the most distinct query
stems among its words; only how the lines are searched changed (once per page, not per line)."""

from __future__ import annotations

import pytest

from app.content import load_content
from app.search.documents import page_document
from app.search.snippets import WORD, _best_line, query_stems, word_stem
from tests.conftest import SAMPLE

QUERIES = [
    "passport",
    "renew passport fees",
    "tax your vehicle",
    "flood warnings river",
    "apply for council tax",
    "it's what's can't",
    "pay",
    "a",
    "qzxwvq",
]


def _plain_best_line(body: str, stems: frozenset[str], scan: int) -> tuple[str, int]:
    best, best_score = "", 0
    for line in body[:scan].split("\n"):
        score = len({word_stem(w) for w in WORD.findall(line)} & stems)
        if score > best_score:
            best, best_score = line, score
    return best, best_score


@pytest.fixture(scope="module")
def bodies() -> list[str]:
    site, _problems = load_content(SAMPLE)
    texts = [page_document(site, page)["body"] for page in site.pages.values()]
    assert len(texts) > 20
    return texts + ["Pay, pay! PAY pay's paying\nrepaying payment\n\nPay pay"]


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("scan", [6000, 1200, 50])
def test_the_best_line_is_the_plain_rules(bodies, q, scan):
    stems = query_stems(q)
    for body in bodies:
        assert _best_line(body, stems, scan) == _plain_best_line(body, stems, scan)
