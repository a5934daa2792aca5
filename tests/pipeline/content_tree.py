"""A copy of a content tree that edits change undoably, and the front matter helpers they use,
for the incremental build's property test (tests/pipeline/content_edits.py).

The tree keeps the old bytes of every file an edit changes; `settle` then keeps the change if
`load_content` finds no errors, or puts every file back.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

import yaml

from app.content import Site, load_content

# Build days either side of the sample's two consultations (lane rental: 3 Nov 2025 to 26 Jan
# 2026; zero-emission vans: 1 Oct 2026 to 31 Dec 2027), so a change of day changes their status.
DAYS = (
    dt.date(2025, 6, 1),
    dt.date(2025, 12, 1),
    dt.date(2026, 3, 1),
    dt.date(2026, 11, 29),
    dt.date(2028, 1, 15),
)
START_DAY = dt.date(2026, 11, 29)


class ContentTree:
    """A content folder the edits change, with the day it is built as of and a stand-in for the
    code the build cache fingerprints (`code_probe`: a file the template edit rewrites)."""

    def __init__(self, root: Path, code_probe: Path, today: dt.date = START_DAY):
        self.root, self.code_probe, self.today = root, code_probe, today
        self.counter = 0
        self._journal: dict[Path, bytes | None] = {}
        self.changed: set[Path] = set()  # by the last edit kept
        self.pictures = [path.read_bytes() for path in sorted(root.rglob("*.png"))]
        self.site = self._load()[0]
        assert self.site is not None

    @classmethod
    def copy_of(cls, source: Path, root: Path, code_probe: Path) -> ContentTree:
        shutil.copytree(source, root)
        code_probe.write_text("code version 0\n", encoding="utf-8")
        return cls(root, code_probe)

    # --- changing files, undoably ---------------------------------------------------------

    def _keep(self, path: Path) -> None:
        if path not in self._journal:
            self._journal[path] = path.read_bytes() if path.exists() else None

    def write(self, path: Path, text: str) -> None:
        self._keep(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def write_bytes(self, path: Path, data: bytes) -> None:
        self._keep(path)
        path.write_bytes(data)

    def delete(self, path: Path) -> None:
        self._keep(path)
        path.unlink()

    def rename(self, path: Path, to: Path) -> None:
        self.write(to, path.read_text(encoding="utf-8"))
        self.delete(path)

    def revert(self) -> None:
        for path, data in self._journal.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(data)
        self._journal.clear()

    def _load(self) -> tuple[Site | None, list]:
        site, problems = load_content(self.root, today=self.today, jobs=1)
        return site, problems.errors

    def settle(self) -> bool:
        """Keep the changes made since the last settle if the tree has no errors, else undo them;
        True if kept."""
        site, errors = self._load()
        if errors or site is None:
            self.revert()
            return False
        self.changed = set(self._journal)
        self._journal.clear()
        self.site = site
        return True

    def changed_shared_content(self) -> bool:
        """Whether the last edit kept changed content that is not a page's (site.yaml,
        search.yaml, redirects.yaml, organisations, contacts, forms): any page may show it."""
        shared = {"organisations", "contacts", "forms"}
        return any(
            path.parent == self.root or path.relative_to(self.root).parts[0] in shared
            for path in self.changed
        )

    # --- what is in the tree --------------------------------------------------------------

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def pages(self, *, single_file: bool = False) -> list:
        """The pages, in URL order; with single_file, only those made from one Markdown file."""
        return [
            page
            for url, page in sorted(self.site.pages.items())
            if not (single_file and page.type == "guide")
        ]

    def pick(self, rng: random.Random, pages: list | None = None):
        """A page; half the time one other pages show more of than its title and URL (a
        step-by-step and the pages in its sidebars, a guide, news, a consultation, a start page),
        where a missed dependency would show."""
        pages = pages if pages is not None else self.pages()
        shown = [
            page
            for page in pages
            if page.type in ("step-by-step", "guide", "news", "consultation", "start")
            or self.site.step_by_steps_of.get(page.url)
        ]
        return rng.choice(shown if shown and rng.random() < 0.5 else pages)

    def file_of(self, page) -> Path:
        return Path(page.source.path)

    def organisations(self) -> list[str]:
        return sorted(self.site.organisations)

    def topics(self) -> list[str]:
        def slugs(entries):
            for entry in entries:
                yield entry["slug"]
                yield from slugs(entry.get("subtopics", []))

        return sorted(slugs(yaml.safe_load((self.root / "topics.yaml").read_text())))


# --- front matter, edited line by line so the rest of the file stays as written -------------


def split(text: str) -> tuple[list[str], str]:
    assert text.startswith("---\n"), "front matter first"
    end = text.index("\n---\n", 3)
    return text[4:end].split("\n"), text[end + 5 :]


def join(front: list[str], body: str) -> str:
    return "---\n" + "\n".join(front) + "\n---\n" + body


def field(text: str, name: str):
    return yaml.safe_load("\n".join(split(text)[0])).get(name)


def _without(front: list[str], name: str) -> tuple[list[str], int]:
    """The front matter without the field `name` (its line and the indented lines of a block
    value), and where it was (the end if it was not there)."""
    at = next((i for i, line in enumerate(front) if line.startswith(f"{name}:")), None)
    if at is None:
        return front, len(front)
    end = at + 1
    while end < len(front) and front[end].startswith(" "):
        end += 1
    return front[:at] + front[end:], at


def set_field(text: str, name: str, value) -> str:
    """`name: value` (JSON is YAML) in place of the field, or added last; None removes it."""
    front, body = split(text)
    front, at = _without(front, name)
    if value is None:
        return join(front, body)
    line = f"{name}: {json.dumps(value, ensure_ascii=False, default=str)}"
    if isinstance(value, dt.date):
        line = f"{name}: {value.isoformat()}"
    return join([*front[:at], line, *front[at:]], body)
