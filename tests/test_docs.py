"""The README must stay true to the code: every setting and every command-line option is in it."""

from __future__ import annotations

import re

from app.config import DEFAULTS, ENV_PREFIX
from build import make_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _options(parser) -> set[str]:
    found = set()
    for action in parser._actions:
        found.update(o for o in action.option_strings if o.startswith("--") and o != "--help")
        choices = getattr(action, "choices", None)
        for sub in choices if isinstance(choices, dict) else {}:  # the subcommands' parsers
            if hasattr(choices[sub], "_actions"):
                found.update(_options(choices[sub]))
    return found


def test_every_setting_is_documented():
    for name in DEFAULTS:
        assert f"`{name}`" in README and f"`{ENV_PREFIX}{name}`" in README, name


def test_every_cli_option_and_command_is_documented():
    usage = "\n".join(line for line in README.splitlines() if line.startswith("python build.py"))
    for option in _options(make_parser()):
        assert option in usage, option
    for command in ("build", "check", "serve"):
        assert re.search(rf"python build\.py \[?{command}", usage), command


def test_readme_gives_the_two_commands_and_make_has_them():
    makefile = (ROOT / "Makefile").read_text()
    for target in (
        "run",
        "test",
        "help",
        "preview",
        "check",
        "accessibility",
        "lighthouse",
        "peers",
        "lint",
        "format",
    ):
        assert re.search(rf"^{target}:.*## ", makefile, re.M), target
        assert f"make {target}" in README, target


def test_the_code_points_only_at_files_in_the_repository():
    """A pointer in a docstring or comment is to a file a newcomer has: a document it names
    exists, and no absolute path leads off the repository (to one author's machine)."""
    named = re.compile(r"\b(?:docs|tests|benchmarks|content)/[\w./-]+\.(?:md|py|json|yaml)\b")
    absolute = re.compile(r"(?<![\w.:/])/(?:work|home|tmp|Users)/[\w./-]+")
    for path in sorted((ROOT / "app").rglob("*")):
        if path.suffix not in (".py", ".scss", ".mjs", ".html") or "static" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        assert not absolute.findall(text), (where, absolute.findall(text))
        for pointer in named.findall(text):
            assert (ROOT / pointer).exists(), (where, pointer)


def test_the_layout_names_every_top_level_module_of_the_app():
    layout = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    for entry in sorted((ROOT / "app").iterdir()):
        if entry.name.startswith(("_", ".")) and entry.name != "__init__.py":
            continue
        shown = f"app/{entry.name}" + ("/" if entry.is_dir() else "")
        assert shown in layout, f"{shown} is not in the README's layout section"
