"""README.md at the top of the content folder (the content designers' guide) is not a page and
not content the build reads: it is never published, and editing it keeps the build cache."""

from __future__ import annotations

from app.pipeline import build
from tests.conftest import SMALL_TODAY
from tests.content.helpers import copy_small, write


def test_the_content_readme_is_neither_built_nor_a_reason_to_build_again(tmp_path):
    tree = copy_small(tmp_path)
    write(tree / "README.md", "# Writing content\n\nNo front matter: not a page.\n")
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = build(tree, out, index_dir=None, cache_dir=cache, today=SMALL_TODAY, jobs=1)
    assert "/README" not in first.site.pages and not (out / "README.html").exists()
    assert not list(out.rglob("README*"))
    write(tree / "README.md", "# Writing content\n\nEdited.\n")
    again = build(tree, out, index_dir=None, cache_dir=cache, today=SMALL_TODAY, jobs=1)
    assert again.incremental and again.rendered == 0
