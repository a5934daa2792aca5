"""Snippets pick the passage the plain rule picks: the first line with the most distinct query
stems among its words; only how the lines are searched changed (once per page, not per line)."""

from __future__ import annotations

import pytest

from app.content import load_content
from app.search.documents import page_document
from app.search.snippets import WORD, _best_line, query_stems, word_key
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


WELSH_QUERIES = ["twll yn y ffordd", "hyn", "ffôn", "LWFANS BYW", "tâl", "qzxwvq"]


def _plain_best_line(
    body: str, stems: frozenset[str], scan: int, language: str = "en"
) -> tuple[str, int]:
    best, best_score = "", 0
    for line in body[:scan].split("\n"):
        score = len({word_key(language)(w) for w in WORD.findall(line)} & stems)
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


@pytest.mark.parametrize("q", WELSH_QUERIES)
def test_a_welsh_best_line_is_the_plain_rules_with_accents_folded(bodies, q):
    """Welsh words compared as the Welsh index has them (lower case, accents folded, no
    stemmer), the text read with its accents folded."""
    stems = query_stems(q, "cy")
    texts = [*bodies, "Tâl\nSengl a 25 oed neu'n HŶN\nffon, ffôn a FFÔN"]
    for body in texts:
        assert _best_line(body, stems, 6000, "cy") == _plain_best_line(body, stems, 6000, "cy")
    assert (
        _best_line(texts[-1], query_stems("hyn", "cy"), 6000, "cy")[0] == "Sengl a 25 oed neu'n HŶN"
    )
