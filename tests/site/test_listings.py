"""Organisation and topic listings: found in one pass over the pages, however many there are."""

from __future__ import annotations

from pathlib import Path

from app.pipeline import check, freeze


def write_tree(root: Path, pages: int, organisations: int, topics: int) -> Path:
    """A valid content tree of `pages` pages shared out over the organisations and topics."""
    (root / "organisations").mkdir(parents=True)
    (root / "site.yaml").write_text(
        "name: GOV.TEST\norganisation: org-0\nbase_url: https://www.gov.test.example\n"
        "feedback_email: feedback@gov.test.example\n"
    )
    (root / "topics.yaml").write_text(
        "".join(
            f"- {{slug: topic-{t}, title: Topic {t}, description: About {t}.}}\n"
            for t in range(topics)
        )
    )
    for o in range(organisations):
        (root / "organisations" / f"org-{o}.md").write_text(
            f"---\ntitle: Office {o}\ndescription: Office number {o}.\nupdated: 2026-01-01\n"
            f"{'parent: org-0' if o else ''}\n---\nWe run things.\n"
        )
    for p in range(pages):
        kind = "news" if p % 3 == 0 else "answer"
        (root / f"page-{p}.md").write_text(
            f"---\ntitle: Page {p}\ndescription: Page number {p}.\ntype: {kind}\n"
            f"organisation: org-{p % organisations}\ntopics: [topic-{p % topics}]\n"
            f"updated: 2026-01-{1 + p % 28:02d}\n---\nSome words about page {p}.\n"
        )
    return root


class CountingPages(dict):
    """The site's pages, counting each walk over all of them."""

    walks = 0

    def _walked(self):
        CountingPages.walks += 1

    def values(self):
        self._walked()
        return super().values()

    def items(self):
        self._walked()
        return super().items()

    def keys(self):
        self._walked()
        return super().keys()

    def __iter__(self):
        self._walked()
        return super().__iter__()


def walks_over_pages(tmp_path: Path, organisations: int, topics: int) -> int:
    tree = write_tree(tmp_path / f"content-{organisations}", 60, organisations, topics)
    site, _problems = check(tree)
    site.pages = CountingPages(site.pages)
    CountingPages.walks = 0
    freeze(site, tmp_path / f"out-{organisations}", jobs=1, on_progress=None)
    assert (tmp_path / f"out-{organisations}" / "organisations" / "org-1.html").is_file()
    return CountingPages.walks


def test_the_freeze_walks_the_pages_as_often_with_many_organisations_and_topics(tmp_path):
    # Each organisation's page, feed and JSON and each topic's page and feed once scanned every
    # page for their own: a build cost pages x (organisations + topics).
    few = walks_over_pages(tmp_path, organisations=2, topics=1)
    many = walks_over_pages(tmp_path, organisations=20, topics=10)
    assert many == few
