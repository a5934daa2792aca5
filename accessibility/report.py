"""`make accessibility`'s report: one HTML page summing up every axe result of the session —
pages checked, the rules they passed, and each violation with its element and how to fix it.

A violation names the content file (and line) to fix, linked from the report, and the page's
path: never a link to the test server, which stopped with the session."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from .axe import TAGS, AxeResult, Finding
from .sources import SourceMap

STYLE = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#0b0c0c}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;
border-bottom:1px solid #b1b4b6;vertical-align:top}code{font-size:.9em}
.fail{color:#d4351c}.pass{color:#00703c}"""


class _Places:
    """Where each flagged element came from, as links from the report's folder."""

    def __init__(self, sources: SourceMap | None, folder: Path | None):
        self.sources, self.folder = sources, folder

    def link(self, url: str, element_html: str = "") -> str:
        where = self.sources.where(url, element_html) if self.sources else None
        if where is None:
            return ""
        path = where.rsplit(":", 1)[0] if where.rsplit(":", 1)[-1].isdigit() else where
        target = self.sources.root / path
        href = os.path.relpath(target, self.folder) if self.folder else target.as_posix()
        return f'<a href="{escape(Path(href).as_posix())}"><code>{escape(where)}</code></a>'


def _finding(finding: Finding, url: str, places: _Places) -> str:
    nodes = "".join(
        f"<li><code>{escape(node['target'])}</code>"
        + (f" in {source}" if (source := places.link(url, node["html"])) else "")
        + f"<pre>{escape(node['html'])}</pre><p>{escape(node['summary'])}</p></li>"
        for node in finding.nodes
    )
    return (
        f"<li><strong>{escape(finding.rule)}</strong> ({escape(finding.impact or '')}): "
        f'{escape(finding.help)} — <a href="{escape(finding.help_url)}">how to fix it</a>'
        f"<ul>{nodes}</ul></li>"
    )


def _violations(failing: list[AxeResult], places: _Places) -> str:
    shown = []
    for r in failing:
        path = urlsplit(r.url).path or "/"
        source = places.link(r.url)
        made_from = f" from {source}" if source else ""
        shown.append(
            f"<h3>{escape(r.name)}</h3><p>The page <code>{escape(path)}</code>{made_from}</p>"
            f"<ul>{''.join(_finding(f, r.url, places) for f in r.violations)}</ul>"
        )
    return "".join(shown)


def render_report(
    results: list[AxeResult],
    when: dt.datetime,
    sources: SourceMap | None = None,
    folder: Path | None = None,
) -> str:
    """The report; `sources` names the content files, linked relative to `folder`."""
    failing = [r for r in results if r.violations]
    passed = Counter(rule for r in results for rule in r.passes)
    review = Counter(f.rule for r in results for f in r.incomplete)
    version = results[0].version if results else "?"
    verdict = (
        f'<p class="fail">{len(failing)} of {len(results)} pages have violations.</p>'
        if failing
        else f'<p class="pass">No violations on any of the {len(results)} pages checked.</p>'
    )
    violations = _violations(failing, _Places(sources, folder))
    rows = "".join(
        f"<tr><td>{escape(r.name)}</td><td>{len(r.passes)}</td><td>{len(r.violations)}</td></tr>"
        for r in results
    )
    rules = "".join(
        f"<tr><td>{escape(rule)}</td><td>{count}</td></tr>"
        for rule, count in sorted(passed.items())
    )
    to_review = "".join(
        f"<tr><td>{escape(rule)}</td><td>{count}</td></tr>"
        for rule, count in sorted(review.items())
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Accessibility audit</title>
<style>{STYLE}</style></head><body><main>
<h1>Accessibility audit</h1>
<p>{when:%d %B %Y %H:%M} UTC, axe-core {escape(version)}, rules tagged {escape(", ".join(TAGS))},
in Chromium.</p>
{verdict}
<h2>Violations</h2>{violations or "<p>None.</p>"}
<h2>Rules passed</h2><table><thead><tr><th>Rule</th><th>Pages passing it</th></tr></thead>
<tbody>{rules}</tbody></table>
<h2>For a person to review</h2>
<p>What axe could not decide on its own (for example, contrast over a background image).</p>
<table><thead><tr><th>Rule</th><th>Pages</th></tr></thead><tbody>{to_review}</tbody></table>
<h2>Pages checked</h2><table><thead><tr><th>Page and state</th><th>Rules passed</th>
<th>Violations</th></tr></thead><tbody>{rows}</tbody></table>
</main></body></html>
"""


def write_report(results: list[AxeResult], folder: Path, sources: SourceMap | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.html"
    now = dt.datetime.now(dt.UTC)
    path.write_text(render_report(results, now, sources, folder), encoding="utf-8")
    return path
