"""Port the rendering cases of alphagov/govspeak's Ruby tests into cases.json.

    python tests/markdown/govspeak_suite/port.py GIT_DIR

GIT_DIR is a clone (or bare mirror) of https://github.com/alphagov/govspeak (MIT licence). The
script reads the test files at HEAD, takes every case written as an input and the exact HTML it
must render to (`test_given_govspeak`/`given_govspeak` with `assert_html_output`, and
`Document.new(...).to_html` compared with `assert_equal`), maps the options it can onto the
portal's front matter (a page's `images:`) and leaves out the cases that need an option only
the Ruby gem has (`sanitize`, `allowed_elements`, `auto_numbered_headers`, `locale`).

Run again against a newer commit, it keeps what was decided by hand about a case already in
cases.json (its `divergence`, `context` and `note`), matched by file and name, and the cases
added by hand (`"ported": "by hand"`: the tests that assert on selectors, patterns or text, each
with its Ruby test in `govspeak`). It then accounts for every test of the suite
(accounting.py): each case names its Ruby `test`, and each test not ported is listed in
`not_ported` with its reason. It is a porting aid, not part of the test run.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

from accounting import account, tests_in
from ruby_source import block_end, line_of, remove_indentation, safe_literal

GIT = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/alphagov+govspeak/repo"
HERE = Path(__file__).parent
FILES = [
    "test/govspeak_test.rb",
    "test/govspeak_button_test.rb",
    "test/govspeak_informational_test.rb",
    "test/govspeak_footnote_test.rb",
    "test/govspeak_devolved_content_test.rb",
    "test/govspeak_images_test.rb",
    "test/govspeak_images_bang_test.rb",
    "test/govspeak_tables_test.rb",
    "test/blockquote_extra_quote_remover_test.rb",
]
TRANSFORM_FILES = {"test/blockquote_extra_quote_remover_test.rb"}
RUBY_ONLY = ("sanitize:", "allowed_elements:", "auto_numbered_header", "locale:")


def show(path):
    return subprocess.run(
        ["git", "--git-dir", GIT, "show", f"HEAD:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _given_variable(src: str, pos: int) -> tuple[str, int] | None:
    """`given_govspeak(govspeak)`: the literal the enclosing test set the variable to."""
    var = re.match(r"\(?(\w+)\)?", src[pos:])
    test = src.rfind('test "', 0, pos)
    assigned = var and test >= 0 and re.search(r"\b" + var.group(1) + r" = ", src[test:pos])
    literal = assigned and safe_literal(src, test + assigned.end())
    return (literal[0], pos + var.end()) if literal else None


def given_cases(path: str, src: str) -> list[dict]:
    """`test_given_govspeak LITERAL[, options] do … assert_html_output LITERAL … end`, and
    `given_govspeak` inside a named test."""
    out = []
    for m in re.finditer(r"^(\s*)(test_given_govspeak|given_govspeak)\b", src, re.M):
        literal = safe_literal(src, m.end()) or _given_variable(src, m.end())
        if not literal:
            continue
        source, after = literal
        do = re.compile(r" do\n").search(src, after)
        head_end = do.start() if do else after
        body = src[head_end : block_end(src, m.start(2))]
        html = re.search(r"assert_html_output", body)
        expected = html and safe_literal(body, html.end())
        if not expected:
            continue
        name = f"Given {source}"
        if m.group(2) == "given_govspeak":  # the enclosing test's name
            tests = list(re.finditer(r'^\s*test "([^"]*)"', src[: m.start()], re.M))
            name = tests[-1].group(1) if tests else name
        out.append(
            {
                "name": name,
                "file": path,
                "line": line_of(src, m.start(2)),
                "input": remove_indentation(source),
                "expected": remove_indentation(expected[0]).strip(),
                "options": src[after:head_end].strip().strip(",").strip().rstrip(")") or None,
            }
        )
    return out


def _document_input(body: str, new: re.Match) -> tuple[str, str] | None:
    """The input given to Document.new (a literal, or a variable set to one) and the options
    written after it."""
    start = new.end() - 1 if body[new.end() - 1] == "(" else new.end()
    literal = safe_literal(body, start)
    if literal is not None:
        return literal[0], body[literal[1] : body.index("\n", literal[1])]
    var = re.match(r"\s*\(?(\w+)", body[new.end() :])
    assigned = var and re.search(r"\b" + var.group(1) + r" = ", body)
    literal = assigned and safe_literal(body, assigned.end())
    if not literal:
        return None
    close = body.index(")", new.end()) if ")" in body[new.end() :] else new.end()
    return literal[0], body[new.end() : close]


def document_cases(path: str, src: str) -> list[dict]:
    """`test "name" do … Document.new(LITERAL[, options]).to_html … assert_equal LITERAL, x`."""
    out = []
    for m in re.finditer(r'^(\s*)test "([^"]*)" do\n', src, re.M):
        body = src[m.end() : block_end(src, m.start(2) - 5)]
        new = re.search(r"Document\.new[ (]", body)
        equal = re.search(r"assert_equal ", body)
        if "given_govspeak" in body or not new or not equal:
            continue
        given = _document_input(body, new)
        expected = safe_literal(body, equal.end()) or _assigned(body, equal.end())
        if not given or not expected or re.match(r",\s*input\b", body[expected[1] :]):
            continue  # no fixed input, or it asserts something else (the input left unchanged)
        if "to_html" not in body[new.end() : new.end() + 2000]:
            continue
        options = re.sub(r"^\s*,?\s*|\)\.to_html.*$|\.to_html.*$", "", given[1]).strip()
        out.append(
            {
                "name": m.group(2),
                "file": path,
                "line": line_of(src, m.start(2)),
                "input": given[0],
                "expected": expected[0].strip(),
                "options": options or None,
            }
        )
    return out


def _assigned(body: str, pos: int) -> tuple[str, int] | None:
    """The literal a local variable named at pos was set to (`expected = %(…)`)."""
    var = re.match(r"(\w+)\b", body[pos:])
    assigned = var and re.search(r"\b" + var.group(1) + r" = ", body)
    literal = assigned and safe_literal(body, assigned.end())
    return (literal[0], pos + var.end()) if literal else None


def _method_value(src: str, name: str) -> str | None:
    """What a helper method returns: a literal, or the literal given to Document.new in it
    (`def name\n  @x ||= Govspeak::Document.new(%(…))`)."""
    method = re.search(r"^\s*def " + name + r"\n", src, re.M)
    if not method:
        return None
    first_line = src[method.end() : src.index("\n", method.end())]
    new = re.search(r"Document\.new\(", first_line)
    start = method.end() + (new.end() if new else 0)
    literal = safe_literal(src, start)
    return literal[0] if literal else None


def helper_cases(path: str, src: str) -> list[dict]:
    """`test "name" do assert_equal expected_method, document_method.to_html`, the expected HTML
    and the document each made by a helper method (govspeak_tables_test.rb)."""
    out = []
    helper_test = re.compile(r'^\s*test "([^"]*)" do\n\s*assert_equal (\w+), (\w+)\.to_html', re.M)
    for m in helper_test.finditer(src):
        expected, given = _method_value(src, m.group(2)), _method_value(src, m.group(3))
        if expected is None or given is None:
            continue
        out.append(
            {
                "name": m.group(1),
                "file": path,
                "line": line_of(src, m.start(1)),
                "input": given,
                "expected": expected.strip(),
                "options": None,
            }
        )
    return out


def _transform(src: str, call: re.Match) -> tuple[str, str] | None:
    """The (from, to) texts of `assert_remover_transforms(FROM => TO)` or
    `assert_leaves_untouched TEXT` (to is from)."""
    before = safe_literal(src, call.end())
    if before is None:
        return None
    if call.group(1) == "assert_leaves_untouched":
        return before[0], before[0]
    arrow = re.compile(r"\s*=>").match(src, before[1])
    after = arrow and safe_literal(src, arrow.end())
    return (before[0], after[0]) if after else None


def transform_cases(path: str, src: str) -> list[dict]:
    """blockquote_extra_quote_remover_test.rb: Govspeak rewrites FROM into TO before rendering,
    so a renderer that behaves as Govspeak renders FROM exactly as it renders TO. Each case has
    `same_as` (TO) instead of `expected`."""
    out = []
    calls = re.compile(r"(assert_remover_transforms|assert_leaves_untouched)\(?\s*")
    for call in calls.finditer(src):
        pair = _transform(src, call)
        test = list(re.finditer(r'^\s*test "([^"]*)"', src[: call.start()], re.M))
        if pair is None or not test or "def " in src[test[-1].end() : call.start()]:
            continue
        out.append(
            {
                "name": test[-1].group(1),
                "file": path,
                "line": line_of(src, call.start()),
                "input": pair[0],
                "same_as": pair[1],
                "options": None,
            }
        )
    return out


def cases_in(path: str) -> list[dict]:
    src = show(path)
    if path in TRANSFORM_FILES:
        return transform_cases(path, src)
    return given_cases(path, src) + document_cases(path, src) + helper_cases(path, src)


IMAGE_ARG = re.compile(r"(\w+): (%\(([^)]*)\)|\"([^\"]*)\")")


def image_context(options: str) -> dict | None:
    """`images: [build_image(caption: "x")]` as the portal's front matter for image-id (and 1,
    the first image, which `!!1` names)."""
    if "images:" not in options:
        return None
    image = {"url": "http://example.com/image.jpg", "alt": "my alt"}
    name = "image-id"
    for key, _, paren, quoted in IMAGE_ARG.findall(options):
        value = paren if paren is not None and paren != "" else quoted
        if key == "id":
            name = value
        else:
            image[{"alt_text": "alt"}.get(key, key)] = value
    return {"images": [{"name": name, **image}]}


def port(case: dict) -> dict | None:
    options = case.pop("options") or ""
    options = re.sub(r"^\s*(input\s*)?,?|\)\s*$", "", options).strip()
    if any(word in options for word in RUBY_ONLY):
        return None
    context = image_context(options) or {}
    domains = re.search(r"document_domains: %w\[([^\]]*)\]", options)
    if domains:
        context["site_host"] = domains.group(1).split()[0]
    if context:
        case["context"] = context
    case["source"] = f"{case.pop('file')}:{case.pop('line')}"
    return case


def main() -> None:
    commit = subprocess.run(
        ["git", "--git-dir", GIT, "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    target = HERE / "cases.json"
    old = json.loads(target.read_text()) if target.exists() else {"cases": []}
    kept = {(c["source"].split(":")[0], c["name"], c.get("input")): c for c in old["cases"]}
    cases = []
    for path in FILES:
        for case in cases_in(path):
            ported = port(case)
            if ported is None:
                continue
            before = kept.get((ported["source"].split(":")[0], ported["name"], ported["input"]), {})
            for key in ("divergence", "context", "note"):
                if key in before:
                    ported[key] = before[key]
            cases.append(ported)
    cases += [c for c in old["cases"] if c.get("ported") == "by hand"]
    tests = [test for path in all_test_files() for test in tests_in(path, show(path))]
    not_ported = account(cases, tests)
    document = {
        "source": "https://github.com/alphagov/govspeak (test/)",
        "commit": commit,
        "licence": "MIT, Copyright (c) 2012 Government Digital Service (the test cases' inputs "
        "and expected HTML are theirs; the portal's port is under the portal's licence)",
        "ported_by": "tests/markdown/govspeak_suite/port.py",
        "suite_tests": len(tests),
        "not_ported": not_ported,
        "cases": cases,
    }
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases from {len(tests) - len(not_ported)} of {len(tests)} tests, {commit}")


def all_test_files() -> list[str]:
    listing = subprocess.run(
        ["git", "--git-dir", GIT, "ls-tree", "-r", "--name-only", "HEAD", "test/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [path for path in listing if path.endswith("_test.rb")]


if __name__ == "__main__":
    main()
