"""The build key (app/pipeline/cache.py) names the installed packages: the same ones however the
build was started, so that a cache is not thrown away for how `build.py` was run."""

from __future__ import annotations

import sys
import tomllib

from app.config import PROJECT_ROOT
from app.pipeline import cache


def test_the_packages_are_the_same_with_or_without_the_project_folder_on_the_path(monkeypatch):
    # `python -m cProfile build.py` has the current folder on sys.path, where setuptools left
    # the portal's own metadata (portal.egg-info) beside what the venv holds; `python build.py`
    # found only the venv's
    monkeypatch.chdir(PROJECT_ROOT)
    elsewhere = [p for p in sys.path if p not in ("", ".", str(PROJECT_ROOT))]
    monkeypatch.setattr(sys, "path", elsewhere)
    without = cache._packages()
    monkeypatch.setattr(sys, "path", ["", *elsewhere])
    assert cache._packages() == without
    assert "jinja2-" in without.lower()
    assert not [line for line in without.splitlines() if line.lower().startswith("portal-")]


def test_a_package_added_upgraded_or_removed_changes_them(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    before = cache._packages()
    (tmp_path / "example_package-1.0.dist-info").mkdir()
    added = cache._packages()
    (tmp_path / "example_package-1.0.dist-info").rename(tmp_path / "example_package-1.1.dist-info")
    upgraded = cache._packages()
    (tmp_path / "example_package-1.1.dist-info").rmdir()
    assert len({before, added, upgraded}) == 3
    assert cache._packages() == before


def test_the_portal_left_out_is_the_project_itself():
    with open(PROJECT_ROOT / "pyproject.toml", "rb") as file:
        assert tomllib.load(file)["project"]["name"] == cache.PROJECT_DISTRIBUTION
