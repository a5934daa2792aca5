"""app/forms/web.py holds the citizen flow's views and nothing others need: the forms are found in
app/forms/registry.py and the CSRF protection is the app's (app/csrf.py), so the API, the delivery
command and feedback no longer import the views (issue 11, item 1)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = "app.forms.web"
# The embedded flow shares the views; the app factory registers them.
WEB_IMPORTERS = {"app/forms/embed.py", "app/__init__.py"}


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, relative imports made absolute."""
    package = ".".join(path.relative_to(ROOT).parent.parts)  # for __init__.py too
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_only_the_embedded_flow_and_the_app_factory_import_the_forms_views():
    importers = {
        str(path.relative_to(ROOT))
        for folder in ("app", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "web.py" or path.parent.name != "forms"
        if WEB in imported_modules(path)
    }
    assert importers == WEB_IMPORTERS


def test_the_import_reader_sees_relative_imports():
    found = imported_modules(ROOT / "app" / "forms" / "embed.py")
    assert {WEB, "app.forms.registry.load_form", "app.security"} <= found
    assert "app.forms.web.init_forms_web" in imported_modules(ROOT / "app" / "__init__.py")
