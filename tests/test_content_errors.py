"""A content error in the sample is reported once, clearly, at the top of the run: one failure
listing each problem at `file:line`, and the tests that build the sample skipped with a pointer to
it (tests/content_errors.py). Run for real: pytest in a subprocess, on a copy of the sample with
a misspelt organisation, as happened in CI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from tests.conftest import ROOT, SAMPLE

# tests that build the sample (the session fixture sample_site) and have nothing to do with it
DEPENDENT = "tests/test_error_pages.py"


def test_a_content_error_in_the_sample_is_one_failure_at_the_top(tmp_path):
    broken = tmp_path / "content"
    shutil.copytree(SAMPLE, broken)
    page = broken / "passport-office" / "apply-for-a-passport.md"
    text = page.read_text(encoding="utf-8")
    assert "\norganisation: passport-office\n" in text
    page.write_text(text.replace("organisation: passport-office", "organisation: pasport-office"))
    line = text.splitlines().index("organisation: passport-office") + 1

    result = subprocess.run(
        [sys.executable, "-m", "pytest", DEPENDENT, "tests/test_content_trees.py", "-p",
         "no:cacheprovider", "-q"],
        cwd=ROOT,
        env={**os.environ, "PORTAL_TEST_SAMPLE_CONTENT": str(broken)},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 1, out
    summary = out.strip().splitlines()[-1]
    failed, skipped = re.search(r"(\d+) failed", summary), re.search(r"(\d+) skipped", summary)
    assert failed and failed.group(1) == "1", summary
    assert skipped and int(skipped.group(1)) > 3, summary  # the dependent tests, not errors
    assert " error" not in summary  # no test ERRORs in set-up
    place = f"{page}:{line}: organisation `pasport-office` does not exist"
    # once, in the one failure; the short summary's FAILED line repeats a failure's message,
    # cut to the terminal's width except in CI (pytest does not cut it where CI is set)
    failures = out.split("short test summary info")[0]
    assert failures.count(place) == 1, out
    assert "content errors" not in out  # the bare count is nowhere
    first_result = out.splitlines()[0]
    assert first_result.startswith("F"), first_result  # the check ran first
    assert re.search(r"SKIPPED \[\d+\] tests/test_content_trees\.py:1: the content the tests "
                     r"build has errors", out), out  # fmt: skip
