"""Problems name files as an editor would type them (app/content/loader.display_path): relative
to the working folder when below it, else absolute with links resolved, as `Path.resolve` gives."""

import os
from pathlib import Path

import pytest

from app.content.loader import display_path


def as_resolved(path) -> str:
    """The definition: what display_path did with os.path.relpath and Path.resolve."""
    relative = os.path.relpath(path)
    return str(Path(path).resolve()) if relative.startswith("..") else relative


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """work/ (the working folder) holding content/, and outside it real/ with a link to it."""
    (tmp_path / "work" / "content" / "guides").mkdir(parents=True)
    (tmp_path / "work" / "content" / "guides" / "a.md").write_text("x")
    (tmp_path / "real" / "pages").mkdir(parents=True)
    (tmp_path / "real" / "pages" / "b.md").write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "pages" / "c.md").symlink_to(tmp_path / "real" / "pages" / "b.md")
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path


def test_files_below_the_working_folder_are_named_relative_to_it(tree):
    assert display_path(tree / "work" / "content" / "guides" / "a.md") == "content/guides/a.md"
    assert display_path("content/guides/../guides/a.md") == "content/guides/a.md"
    assert display_path(Path("content")) == "content"
    assert display_path(tree / "work") == "."


def test_files_elsewhere_are_named_absolute_with_links_resolved(tree):
    real = str((tree / "real").resolve())
    assert display_path(tree / "linked" / "pages" / "b.md") == f"{real}/pages/b.md"
    assert display_path(tree / "real" / "pages" / "c.md") == f"{real}/pages/b.md"  # a link
    assert display_path("../linked/pages") == f"{real}/pages"
    assert display_path(tree / "linked" / "missing.md") == f"{real}/missing.md"


@pytest.mark.parametrize(
    "name",
    [
        "work/content/guides/a.md",
        "linked/pages/b.md",
        "real/pages/c.md",
        "linked/pages/../pages/b.md",
        "linked",
        "work",
        "",
    ],
)
def test_it_names_every_file_as_the_definition_does(tree, name):
    path = tree / name
    assert display_path(path) == as_resolved(path)
    assert display_path(str(path)) == as_resolved(path)
