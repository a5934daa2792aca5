"""Which packages may import which: the import-linter contracts in pyproject.toml (and why, in
docs/architecture.md), checked on every test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, check=False
    )


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_core_that_imports_flask_breaks_them(tmp_path):
    """The contracts bite: the form engine importing Flask is reported, with the module."""
    shutil.copytree(
        ROOT / "app",
        tmp_path / "app",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    engine = tmp_path / "app" / "forms" / "engine.py"
    engine.write_text("import flask  # noqa: F401\n" + engine.read_text())
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "app.forms.engine is not allowed to import flask" in result.stdout
