"""The change report as GitHub-flavoured Markdown: a pull request comment or a job summary.

Each section is a table, longest first cut at MAX_ROWS with a count of the rest (a comment has a
size limit, and nobody reads a thousand rows). Pages link into the preview: to `preview_url`
+ the page's address when the team publishes previews somewhere, and always name the page's file
in the downloadable artifact (`artifact_url`), which is the built site zipped.
"""

from __future__ import annotations

from . import ChangeReport
from .sites import page_url

MAX_ROWS = 50
TITLE = "## What this pull request changes on the site"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines.append(f"\n…and {len(rows) - MAX_ROWS} more.")
    return lines


def _page_link(name: str, preview_url: str | None) -> str:
    url = page_url(name)
    return f"[{url}]({preview_url.rstrip('/')}{url})" if preview_url else f"`{url}`"


def _pages(report: ChangeReport, preview_url: str | None) -> list[str]:
    lines = []
    for kind, heading in (("added", "added"), ("changed", "changed"), ("removed", "removed")):
        names = report.site.pages(kind)
        if not names:
            continue
        lines += ["", f"### Pages {heading} ({len(names)})", ""]
        if kind == "removed":
            lines += _table(["page"], [[f"`{page_url(n)}`"] for n in names])
        else:
            rows = [[_page_link(n, preview_url), f"`{n}`"] for n in names]
            lines += _table(["page", "file in the preview"], rows)
    return lines


def _summary(report: ChangeReport, artifact_url: str | None) -> list[str]:
    site = report.site
    counts = ", ".join(f"{len(site.pages(k))} {k}" for k in ("changed", "added", "removed"))
    lines = [
        TITLE,
        "",
        f"Compared with a build of the base branch: pages {counts}; {site.others()} other files "
        "(feeds, content JSON, sitemap, assets) differ.",
    ]
    if artifact_url:
        lines.append(
            f"Download the built site: [preview]({artifact_url}) (unzip it and open the page's "
            "file, or serve the folder with `python -m http.server`)."
        )
    return lines


def _broken(report: ChangeReport) -> list[str]:
    if not report.broken:
        return ["", "### Broken links introduced", "", "None."]
    rows = [[f"`{b.page}`", f"`{b.href}`", b.why] for b in report.broken]
    heading = f"### Broken links introduced ({len(rows)})"
    return ["", heading, "", *_table(["on page", "link", "problem"], rows)]


def _search(report: ChangeReport) -> list[str]:
    lines = []
    if report.documents is not None:
        lines += ["", f"### Search documents changed ({len(report.documents)})", ""]
        rows = [[f"`{d.path}`", d.change] for d in report.documents]
        lines += _table(["page", "change"], rows) if rows else ["None."]
    if report.moved is not None:
        lines += ["", f"### Judged searches whose top result moved ({len(report.moved)})", ""]
        rows = [
            [f"`{m.query}`", f"`{m.before}`", f"`{m.after}`", m.judged,
             "yes" if m.still_right else "**no**"]
            for m in report.moved
        ]  # fmt: skip
        head = ["search", "top result before", "top result now", "judged", "still right"]
        lines += _table(head, rows) if rows else ["None."]
    return lines


def to_markdown(
    report: ChangeReport, artifact_url: str | None = None, preview_url: str | None = None
) -> str:
    lines = _summary(report, artifact_url) + _pages(report, preview_url)
    lines += _broken(report) + _search(report)
    if report.notes:
        lines += ["", *(f"_{note}_" for note in report.notes)]
    return "\n".join(lines) + "\n"
