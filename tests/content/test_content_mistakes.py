"""Issue 15's test of done: each mistake a content designer makes gives one clear message at its
file and line, with the fix, in the three places they look: the terminal (`build.py check`), the
pull request (`check --format github` annotations) and the browser (the preview's overlay).

The mistakes are the ones the issue lists (a plain Markdown image, a relative link, a link to a
missing #anchor, a `# h1` in the body, a skipped heading level, a misspelt organisation, YAML
that does not parse, raw HTML, "click here") and six more that new content designers made
most when they tried the portal: a link to a page that is not there (a slug typo), a misspelt
topic, a missing description, a date written the British way instead of YYYY-MM-DD, a title too
long for search results and a word on GOV.UK's words to avoid. The last two are warnings.

One content tree holds every mistake, each in a file of its own, so each file must give exactly
one message; the tree is checked once in each format.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.pipeline.serve import Preview

from .helpers import REPO, SMALL, run_build_py

FRONT_MATTER = {
    "title": "A page about roads",
    "description": "What to know about roads.",
    "type": "answer",
    "organisation": "roads-agency",
    "updated": "2026-03-02",
}


@dataclass(frozen=True)
class Mistake:
    name: str  # the file is roads/mistake-<name>.md
    line: int
    fix: str  # a part of the message that says what to write instead
    body: str = "Some text.\n"
    fields: tuple = ()  # (field, value) replacing or adding to FRONT_MATTER; value None drops it
    warning: bool = False

    def text(self) -> str:
        fields = dict(FRONT_MATTER)
        for name, value in self.fields:
            fields[name] = value
        lines = [f"{name}: {value}" for name, value in fields.items() if value is not None]
        return "---\n" + "\n".join(lines) + "\n---\n" + self.body


LONG_TITLE = "How to apply for a permit to park a car on a road near your own home"
# Front matter lines: 2 title, 3 description, 4 type, 5 organisation, 6 updated; the body is line 8.
MISTAKES = [
    Mistake("image", 8, "write [Image: sign.png] on a line of its own", "![](sign.png)\n"),
    Mistake("relative-link", 8, "did you mean `/road-rules`?", "See [rules](road-rules).\n"),
    Mistake("anchor", 8, "did you mean /road-rules#parking?", "See [it](/road-rules#parkng).\n"),
    Mistake("h1", 8, "start the body's headings at `##`", "# Road safety\n"),
    Mistake("skipped-heading", 10, "write it as `## …`", "Intro.\n\n### Details\n\nMore.\n"),
    Mistake("organisation", 5, "did you mean `roads-agency`?",
            fields=(("organisation", "roads-agncy"),)),
    Mistake("yaml", 2, 'put the whole value in quotes: title: "Floods: what to do"',
            fields=(("title", "Floods: what to do"),)),
    Mistake("tab", 8, "replace the tab with spaces", fields=(("topics", "\n\t- potholes"),)),
    Mistake("raw-html", 8, "(<b>) is not allowed in content: write bold as `**words**`",
            "Some <b>bold</b> text.\n"),
    Mistake("click-here", 8, "make the words that describe the destination the link",
            "[Click here](/road-rules) for the rules.\n"),
    # the six typical ones
    Mistake("broken-link", 8, "did you mean /road-rules?", "See [the rules](/road-rule).\n"),
    Mistake("topic", 7, "did you mean `potholes`?", fields=(("topics", "[pothole]"),)),
    Mistake("no-description", 2, "add `description: …`", fields=(("description", None),)),
    Mistake("date", 6, "write it as YYYY-MM-DD", fields=(("updated", "02/03/2026"),)),
    Mistake("long-title", 2, "keep it under 65", warning=True, fields=(("title", LONG_TITLE),)),
    Mistake("style", 8, 'write "use" [style/words-to-avoid] (docs/style-lint.md#words-to-avoid)',
            "Utilise the form to report it.\n", warning=True),
]  # fmt: skip


@dataclass(frozen=True)
class Message:
    file: str  # relative to the content folder
    line: int
    text: str
    warning: bool


def _in_tree(path: str, tree: Path) -> str:
    """A reported path (relative to the repository, or absolute) as a path inside the tree."""
    return (REPO / path).resolve().relative_to(tree.resolve()).as_posix()


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("mistakes") / "content"
    shutil.copytree(SMALL, tree)
    shutil.copy(REPO / "content" / "style.yaml", tree / "style.yaml")  # the sample's word lists
    for mistake in MISTAKES:
        (tree / "roads" / f"mistake-{mistake.name}.md").write_text(mistake.text())
    return tree


def _terminal(tree: Path) -> list[Message]:
    result = run_build_py("check", "--content", tree)
    assert result.returncode == 1, result.stderr
    printed = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): (?P<warning>warning: )?(?P<text>.+)$")
    return [
        Message(_in_tree(m["file"], tree), int(m["line"]), m["text"], bool(m["warning"]))
        for m in map(printed.match, result.stderr.splitlines())
        if m
    ]


def _annotations(tree: Path) -> list[Message]:
    result = run_build_py("check", "--format", "github", "--content", tree)
    assert result.returncode == 1, result.stderr
    command = re.compile(
        r"^::(?P<kind>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),[^:]*::(?P<text>.*)$"
    )
    found = []
    for printed in result.stdout.splitlines():
        match = command.match(printed)
        assert match, f"not a workflow command: {printed}"
        file = match["file"].replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
        text = match["text"].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
        found.append(
            Message(_in_tree(file, tree), int(match["line"]), text, match["kind"] == "warning")
        )
    return found


def _preview(tree: Path) -> list[Message]:
    """The overlay every page of a running preview shows after a build with these mistakes."""
    out = tree.parent / "dist"
    app = create_app({"DIST_DIR": str(out), "LIVE_RELOAD": True, "CONTENT_DIR": str(tree)})
    options = {"cache_dir": tree.parent / "cache", "index_dir": tree.parent / "index", "jobs": 1}
    assert Preview(app, tree, out, options).rebuild() is None  # errors: not built
    html = app.test_client().get("/road-rules").get_data(as_text=True)
    overlay = BeautifulSoup(html, "html.parser").select_one("[data-preview-problems]")
    assert overlay is not None, html
    found = []
    for item in overlay.select(".app-preview-problems__list li"):
        file, line = item.select_one(".app-preview-problems__place").get_text().rsplit(":", 1)
        text = item.select_one(".app-preview-problems__message").get_text()
        warning = item.select_one(".govuk-tag") is not None
        found.append(Message(_in_tree(file, tree), int(line), text, warning))
    return found


READERS = {"terminal": _terminal, "github": _annotations, "preview": _preview}


@pytest.fixture(scope="module")
def reported(tree):
    """What each output shows of the tree, read once an output."""
    shown = {}

    def read(output: str) -> list[Message]:
        if output not in shown:
            shown[output] = READERS[output](tree)
        return shown[output]

    return read


@pytest.mark.parametrize("output", READERS)
@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.name)
def test_each_mistake_is_one_message_at_its_line_with_the_fix(reported, mistake, output):
    file = f"roads/mistake-{mistake.name}.md"
    messages = [m for m in reported(output) if m.file == file]
    assert len(messages) == 1, messages
    (message,) = messages
    assert (message.line, message.warning) == (mistake.line, mistake.warning), message
    assert mistake.fix in message.text, message.text
