"""Helpers for the content tests: run the real CLI, build broken trees, compare problems."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SMALL = FIXTURES / "small"
BAD = FIXTURES / "bad"

# `path:line: message` or `path:line: warning: message`, as build.py prints problems.
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<warning>warning: )?(?P<message>.+)$"
)


@dataclass(frozen=True)
class Reported:
    """One problem as the editor sees it: the file relative to the content folder, line, text."""

    path: str
    line: int
    message: str
    warning: bool = False


def relative_to_tree(path: str, tree: Path, cwd: Path) -> str:
    """A reported path (relative to the directory the check ran in) as a path inside `tree`."""
    absolute = Path(os.path.normpath(cwd / path))
    return absolute.relative_to(os.path.abspath(tree)).as_posix()


def from_problems(problems, tree: Path) -> list[Reported]:
    """Problems from load_content(), with paths relative to the content folder."""
    cwd = Path.cwd()
    return [
        Reported(
            relative_to_tree(p.path, tree, cwd), p.line, p.message, p.severity.value == "warning"
        )
        for p in problems
    ]


def from_cli(stderr: str, tree: Path) -> list[Reported]:
    """Problems printed by build.py (run in the repository root)."""
    found = []
    for text in stderr.splitlines():
        match = PROBLEM_LINE.match(text)
        if match:
            found.append(
                Reported(
                    relative_to_tree(match["path"], tree, REPO),
                    int(match["line"]),
                    match["message"],
                    bool(match["warning"]),
                )
            )
    return found


def run_build_py(*args: str | Path) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` from the repository root, as an editor would. A build gets a
    cache folder of its own, outside the repository and the test's folder (build.py's default,
    build-cache/, is in the repository)."""
    if args and args[0] == "build" and "--cache" not in args:
        args = (*args, "--cache", tempfile.mkdtemp(prefix="portal-build-cache-"))
    return subprocess.run(
        [sys.executable, "build.py", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def copy_small(tmp_path: Path, name: str = "content") -> Path:
    """A copy of the small valid tree, to break."""
    tree = tmp_path / name
    shutil.copytree(SMALL, tree)
    return tree


def write(path: Path, text: str) -> Path:
    """Write a file from an indented triple-quoted string (the first newline is dropped)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder with its bytes, to show a folder was left untouched."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
