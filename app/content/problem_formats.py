"""Problems for machines: GitHub workflow annotations and JSON (`build.py check --format`).

The text format (`path:line: message`, app/cli_output.py) is for people at a terminal. In a pull
request, `--format github` prints one workflow command a problem, which GitHub shows as an
annotation on the line of the changed file; `--format json` is for any other tool. Both keep the
order of the text format: errors, then warnings, each sorted by file and line.

The JSON document (documented in docs/content-model.md, "Checking content"):

    {"version": 1, "errors": 1, "warnings": 0,
     "problems": [{"file": "content/environment-agency/prepare-for-a-flood.md", "line": 8,
                   "severity": "error", "message": "…"}]}
"""

from __future__ import annotations

import json

from .problems import Problem, Severity

JSON_VERSION = 1
TITLES = {Severity.ERROR: "Content error", Severity.WARNING: "Content warning"}


def in_order(problems) -> list[Problem]:
    """Errors first, then warnings, each by file, line and message: the text format's order."""
    errors = sorted(p for p in problems if p.severity is Severity.ERROR)
    return errors + sorted(p for p in problems if p.severity is Severity.WARNING)


def _escape_data(text: str) -> str:
    # GitHub's escaping of a workflow command's message (actions/toolkit, command.ts)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """`::error file=…,line=…,title=…::message`, one line."""
    properties = ",".join(
        f"{name}={_escape_property(value)}"
        for name, value in (
            ("file", problem.path),
            ("line", str(problem.line)),
            ("title", TITLES[problem.severity]),
        )
    )
    return f"::{problem.severity.value} {properties}::{_escape_data(problem.message)}"


def github_annotations(problems) -> str:
    return "".join(github_annotation(problem) + "\n" for problem in in_order(problems))


def json_report(problems) -> str:
    ordered = in_order(problems)
    document = {
        "version": JSON_VERSION,
        "errors": sum(p.severity is Severity.ERROR for p in ordered),
        "warnings": sum(p.severity is Severity.WARNING for p in ordered),
        "problems": [
            {
                "file": p.path,
                "line": p.line,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in ordered
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
