"""axe-core in the page: inject node_modules/axe-core/axe.min.js, run the WCAG 2.2 AA rules and
best practice, and keep what it found in a form tests can assert on and the report can show."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Page

from .pages import settled

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices.
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations", "incomplete"],
  });
  const nodes = (rule) => rule.nodes.map((node) => ({
    target: node.target.join(" "), html: node.html, summary: node.failureSummary || "",
  }));
  const rule = (r) => ({id: r.id, impact: r.impact, help: r.help, helpUrl: r.helpUrl,
                        nodes: nodes(r)});
  return {
    version: axe.version,
    violations: results.violations.map(rule),
    incomplete: results.incomplete.map(rule),
    passes: results.passes.map((r) => r.id),
  };
}"""


@cache
def axe_source() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `make install` (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


@dataclass
class Finding:
    rule: str
    impact: str | None
    help: str
    help_url: str
    nodes: list[dict]


@dataclass
class AxeResult:
    """What axe said about one page (`name` says which state of which page)."""

    name: str
    url: str
    version: str = ""
    violations: list[Finding] = field(default_factory=list)
    incomplete: list[Finding] = field(default_factory=list)
    passes: list[str] = field(default_factory=list)

    def describe(self, sources=None) -> str:
        """Every violation, with the content file and line to fix when `sources`
        (accessibility/sources.py) knows the page."""
        lines = []
        path = urlsplit(self.url).path or "/"
        for finding in self.violations:
            made_from = sources.where(self.url) if sources else None
            lines.append(
                f"{self.name} ({made_from or path}): {finding.rule} [{finding.impact}] "
                f"{finding.help} — {finding.help_url}"
            )
            for node in finding.nodes:
                where = sources.where(self.url, node["html"]) if sources else None
                lines.append(
                    f"    {where + ': ' if where else ''}{node['target']}: {node['html'][:200]}"
                )
                lines.extend(f"      {line}" for line in node["summary"].splitlines())
        return "\n".join(lines)


def _findings(rules: list[dict]) -> list[Finding]:
    return [Finding(r["id"], r["impact"], r["help"], r["helpUrl"], r["nodes"]) for r in rules]


async def run_axe(page: Page, name: str | None = None) -> AxeResult:
    """Audit the page as it is now (after whatever the test did to it), once its scripts have
    done their work."""
    await settled(page)
    # Every context's documents have it (browser.py); a page written by set_content may not.
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.add_script_tag(content=axe_source())
    raw = await page.evaluate(RUN, list(TAGS))
    result = AxeResult(
        name=name or page.url,
        url=page.url,
        version=raw["version"],
        violations=_findings(raw["violations"]),
        incomplete=_findings(raw["incomplete"]),
        passes=raw["passes"],
    )
    return result


def violations_text(results: list[AxeResult], sources=None) -> str:
    """Every violation of every result, for an assertion message (`sources`: where built pages
    came from, accessibility/sources.py)."""
    failing = [r for r in results if r.violations]
    return "\n".join(r.describe(sources) for r in failing)


class Audit:
    """Every page audited in a test session, in order: what `make accessibility` reports."""

    def __init__(self) -> None:
        self.results: list[AxeResult] = []

    async def check(self, page: Page, name: str | None = None) -> AxeResult:
        result = await run_axe(page, name)
        self.results.append(result)
        return result
