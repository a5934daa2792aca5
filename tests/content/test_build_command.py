"""`python build.py build` refuses to build a tree with errors and writes nothing."""

from __future__ import annotations

from .helpers import BAD, copy_small, from_cli, run_build_py, snapshot, write
from .test_bad_tree import ERRORS


def test_build_of_a_bad_tree_exits_1_prints_the_problems_and_writes_nothing(tmp_path):
    out = tmp_path / "site"
    result = run_build_py("build", "--content", BAD, "--out", out, "--index", tmp_path / "index")
    assert result.returncode == 1
    assert "The site was not built: fix the errors above and build again." in result.stderr
    printed = {(p.path, p.line) for p in from_cli(result.stderr, BAD) if not p.warning}
    assert printed == {(path, line) for path, line, _fragment in ERRORS}
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no staging folder left behind either


def test_failed_build_leaves_an_earlier_build_untouched(tmp_path):
    content, out = copy_small(tmp_path), tmp_path / "site"
    index = tmp_path / "index"
    first = run_build_py("build", "--content", content, "--out", out, "--index", index)
    assert first.returncode == 0, first.stderr
    before, index_before = snapshot(out), snapshot(index)
    assert "index.html" in before and "CURRENT" in index_before
    neighbours = sorted(path.name for path in tmp_path.iterdir())

    write(
        content / "roads" / "road-rules.md",
        (content / "roads" / "road-rules.md")
        .read_text()
        .replace("organisation: roads-agency", "organisation: roads-agncy"),
    )
    second = run_build_py("build", "--content", content, "--out", out, "--index", index)
    assert second.returncode == 1
    assert "roads/road-rules.md:5: organisation `roads-agncy` does not exist" in second.stderr
    assert "The site was not built" in second.stderr
    assert snapshot(out) == before
    assert snapshot(index) == index_before  # the live search index is untouched too
    assert sorted(path.name for path in tmp_path.iterdir()) == neighbours


def test_strict_build_with_warnings_writes_nothing(tmp_path):
    content, out = copy_small(tmp_path), tmp_path / "site"
    result = run_build_py(
        "build", "--content", content, "--out", out, "--strict", "--index", tmp_path / "index"
    )
    assert result.returncode == 1
    assert "warning: form `report-a-pothole` is not defined yet" in result.stderr
    assert not out.exists()


def test_build_with_warnings_only_builds_and_prints_them(tmp_path):
    content, out = copy_small(tmp_path), tmp_path / "site"
    result = run_build_py(
        "build", "--content", content, "--out", out, "--index", tmp_path / "index"
    )
    assert result.returncode == 0, result.stderr
    assert "warning: form `report-a-pothole` is not defined yet" in result.stderr
    assert (out / "road-rules.html").is_file()
