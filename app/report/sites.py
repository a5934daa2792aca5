"""What changed between two builds of the site: pages added, removed and changed, by comparing the
built files byte for byte (two builds of the same tree are byte-identical, so any difference is a
real one), and the other files (feeds, content JSON, the sitemap) counted."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

SKIPPED_SUFFIXES = (".gz",)  # compressed copies change with their file


def page_url(relative: str) -> str:
    """A built HTML file's address: `index.html` is `/`, `a/index.html` `/a/`, `b.html` `/b`."""
    if relative == "index.html" or relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative.removesuffix(".html")


def _digests(dist: Path) -> dict[str, str]:
    found = {}
    for path in sorted(dist.rglob("*")):
        if path.is_file() and not path.name.endswith(SKIPPED_SUFFIXES):
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            found[path.relative_to(dist).as_posix()] = digest
    return found


@dataclass
class SiteChanges:
    added: list[str] = field(default_factory=list)  # files, relative to the site's folder
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def pages(self, kind: str) -> list[str]:
        return [name for name in getattr(self, kind) if name.endswith(".html")]

    def others(self) -> int:
        every = self.added + self.removed + self.changed
        return sum(not name.endswith(".html") for name in every)


def compare_sites(base: Path, head: Path) -> SiteChanges:
    before, after = _digests(base), _digests(head)
    return SiteChanges(
        added=sorted(set(after) - set(before)),
        removed=sorted(set(before) - set(after)),
        changed=sorted(name for name in set(before) & set(after) if before[name] != after[name]),
    )
