"""The content pull request workflow (.github/workflows/content.yml) runs what the docs say, with
options build.py accepts: the strict check with annotations, the two builds, the change report and
the accessibility audit. GitHub runs the file; this keeps its commands true to the code."""

from __future__ import annotations

import re
import shlex

import yaml

from build import make_parser
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "content.yml"


def _steps() -> dict[str, list[dict]]:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    return {name: job["steps"] for name, job in jobs.items()}


def _build_py_commands() -> list[list[str]]:
    commands = []
    for steps in _steps().values():
        for step in steps:
            script = re.sub(r"\$\{\{[^}]*\}\}", "VALUE", step.get("run", ""))
            for line in script.replace("\\\n", " ").splitlines():
                words = shlex.split(line.split(">")[0].split("||")[0]) if "build.py" in line else []
                if words:
                    commands.append(words[words.index("build.py") + 1 :])
    return commands


def test_every_build_py_command_is_one_build_py_accepts():
    commands = _build_py_commands()
    assert [c[0] for c in commands] == ["check", "build", "build", "report"]
    for arguments in commands:
        _known, unknown = make_parser().parse_known_args(arguments)
        assert unknown == [], (arguments, unknown)


def test_the_check_is_strict_with_annotations_and_the_rest_waits_for_it():
    check = next(c for c in _build_py_commands() if c[0] == "check")
    assert "--strict" in check and check[check.index("--format") + 1] == "github"
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    assert jobs["report"]["needs"] == "check" and jobs["audit"]["needs"] == "check"


def test_the_report_compares_the_two_builds_and_is_shown_and_commented():
    report = next(c for c in _build_py_commands() if c[0] == "report")
    args = make_parser().parse_args(report)
    assert str(args.base) == "_site/base" and str(args.head) == "_site/head"
    assert args.base_index and args.head_index and args.artifact_url
    runs = "\n".join(step.get("run", "") for step in _steps()["report"])
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs and "gh pr comment" in runs
    uploads = [s for s in _steps()["report"] if s.get("uses", "").startswith("actions/upload")]
    assert uploads and uploads[0]["with"]["path"] == "_site/head"  # the preview the report links


def test_the_audit_runs_the_accessibility_tests_and_keeps_their_report():
    runs = [step.get("run", "") for step in _steps()["audit"]]
    assert any(r.startswith(".venv/bin/python -m pytest accessibility") for r in runs)
    kept = [s for s in _steps()["audit"] if s.get("uses", "").startswith("actions/upload")]
    assert kept[0]["with"]["path"] == "accessibility/report" and kept[0]["if"] == "always()"
