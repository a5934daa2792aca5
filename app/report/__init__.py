"""The change report of a pull request: what a content change does to the built site, in Markdown
for the pull request's comment and the job's summary (`build.py report`, docs/workflow.md).

Built from two builds, the base branch's and the pull request's: the pages whose output changed,
was added or removed; the links that lead nowhere in the new build and did not in the old; the
search documents that changed; and the judged searches whose top result moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .links import BrokenLink, broken_links
from .search import DocumentChange, MovedQuery, compare_documents, moved_queries, read_queries
from .sites import SiteChanges, compare_sites


@dataclass
class ChangeReport:
    site: SiteChanges
    broken: list[BrokenLink]  # introduced by the head build
    documents: list[DocumentChange] | None = None  # None: no indexes to compare
    moved: list[MovedQuery] | None = None  # None: no indexes or no judged queries
    notes: list[str] = field(default_factory=list)  # what could not be compared, and why


def change_report(
    base: Path,
    head: Path,
    base_index: Path | None = None,
    head_index: Path | None = None,
    queries: Path | None = None,
) -> ChangeReport:
    report = ChangeReport(
        compare_sites(base, head), sorted(broken_links(head) - broken_links(base))
    )
    if base_index is None or head_index is None:
        report.notes.append("Search was not compared: give --base-index and --head-index.")
        return report
    report.documents = compare_documents(base_index, head_index)
    if queries is None or not queries.is_file():
        report.notes.append(f"No judged searches were run: {queries} is not a file.")
        return report
    report.moved = moved_queries(base_index, head_index, read_queries(queries))
    return report


__all__ = ["ChangeReport", "change_report"]
