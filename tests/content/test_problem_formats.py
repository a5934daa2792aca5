"""`build.py check --format github|json` and its exit codes: the problems a person reads as
`path:line: message`, in the forms GitHub and other tools read."""

from __future__ import annotations

import json
import re

from app.content.problem_formats import github_annotation
from app.content.problems import Problem, Severity

from .helpers import REPO, copy_small, from_cli, relative_to_tree, run_build_py, write

# GitHub's workflow command: ::error file=…,line=…,title=…::message
ANNOTATION = re.compile(
    r"^::(?P<kind>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
    r"title=(?P<title>[^:]+)::(?P<message>.+)$"
)


def _broken(tmp_path):
    """The small tree (one warning: its start page's form is not defined) with one error."""
    tree = copy_small(tmp_path)
    path = tree / "roads" / "road-rules.md"
    write(path, path.read_text().replace("Drive on the left.", "# Drive on the left"))
    return tree


def test_github_format_prints_one_annotation_a_problem_and_exits_1(tmp_path):
    tree = _broken(tmp_path)
    text = run_build_py("check", "--content", tree)
    result = run_build_py("check", "--content", tree, "--format", "github")
    assert result.returncode == 1
    annotations = [ANNOTATION.match(line) for line in result.stdout.splitlines()]
    assert all(annotations) and len(annotations) == 2, result.stdout
    assert [(a["kind"], a["title"]) for a in annotations] == [
        ("error", "Content error"),
        ("warning", "Content warning"),
    ]
    # the same problems, places and words as the text a person reads
    as_text = [(p.path, p.line, p.message) for p in from_cli(text.stderr, tree)]
    shown = [
        (relative_to_tree(a["file"], tree, REPO), int(a["line"]), a["message"]) for a in annotations
    ]
    assert shown == as_text
    error_file = annotations[0]["file"]
    assert error_file.endswith("roads/road-rules.md") and annotations[0]["line"] == "16"
    assert result.stderr.strip() == "1 errors, 1 warnings"


def test_json_format_has_the_documented_shape(tmp_path):
    result = run_build_py("check", "--content", _broken(tmp_path), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) == {"version", "errors", "warnings", "problems"}
    assert (report["version"], report["errors"], report["warnings"]) == (1, 1, 1)
    error, warning = report["problems"]
    assert set(error) == {"file", "line", "severity", "message"}
    assert error["file"].endswith("roads/road-rules.md") and error["line"] == 16
    assert error["severity"] == "error" and error["message"].startswith("a level 1 heading")
    assert warning["severity"] == "warning"
    assert warning["message"].startswith("form `report-a-pothole` is not defined yet")


def test_exit_codes(tmp_path):
    warnings_only = copy_small(tmp_path)
    assert run_build_py("check", "--content", warnings_only, "--format", "json").returncode == 0
    strict = run_build_py("check", "--content", warnings_only, "--strict", "--format", "github")
    assert strict.returncode == 1
    assert strict.stdout.startswith("::warning file=")
    wrong = run_build_py("check", "--format", "xml")
    assert wrong.returncode == 2
    assert "invalid choice: 'xml'" in wrong.stderr
    assert "exit codes:" in run_build_py("check", "--help").stdout


def test_annotations_escape_what_github_would_read_as_syntax():
    problem = Problem("content/a,b:c.md", 3, "100% sure:\nline two", Severity.WARNING)
    assert github_annotation(problem) == (
        "::warning file=content/a%2Cb%3Ac.md,line=3,title=Content warning::100%25 sure:%0Aline two"
    )
