"""Shared fixtures: content trees built once per test session into temporary folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.build import build

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"
SAMPLE = ROOT / "content"
# The small fixture's consultation ran in June 2026; build it as of a fixed day so its status is
# known (the sample content is built as of today, as a real build is).
SMALL_TODAY = dt.date(2026, 6, 15)


class BuiltSite:
    """A built site folder, with helpers that parse its pages."""

    def __init__(self, out: Path, result):
        self.out, self.result = out, result

    def file(self, url: str) -> Path:
        path = url.lstrip("/")
        if url == "/":
            return self.out / "index.html"
        candidate = self.out / path
        return candidate if candidate.suffix else self.out / f"{path}.html"

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.file(url).read_text(encoding="utf-8"), "html.parser")

    def xml(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.file(url).read_text(encoding="utf-8"), "html.parser")

    def html_files(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("small") / "dist"
    return BuiltSite(out, build(SMALL, out, today=SMALL_TODAY))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("sample") / "dist"
    return BuiltSite(out, build(SAMPLE, out))


@pytest.fixture(scope="session")
def sample_search(tmp_path_factory) -> BuiltSite:
    """The sample content built with its search index (`.index`), for the search pages and API."""
    root = tmp_path_factory.mktemp("sample-search")
    built = BuiltSite(root / "dist", build(SAMPLE, root / "dist", index_dir=root / "index"))
    built.index = root / "index"
    return built
