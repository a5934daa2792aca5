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
added by hand (`"ported": "by hand"`). It is a porting aid, not part of the test run.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

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
]
RUBY_ONLY = ("sanitize:", "allowed_elements:", "auto_numbered_header", "locale:")


def show(path):
    return subprocess.run(
        ["git", "--git-dir", GIT, "show", f"HEAD:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


ESC = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "'": "'",
    "#": "#",
    "e": "\x1b",
    "s": " ",
    "0": "\0",
    "(": "(",
    ")": ")",
    "/": "/",
    "{": "{",
    "}": "}",
}


def unescape_dq(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "u":
                if s[i + 2] == "{":
                    j = s.index("}", i)
                    out.append(chr(int(s[i + 3 : j], 16)))
                    i = j + 1
                    continue
                out.append(chr(int(s[i + 2 : i + 6], 16)))
                i += 6
                continue
            if n == "\n":
                i += 2
                continue
            out.append(ESC.get(n, n))
            i += 2
            continue
        if c == "#" and i + 1 < len(s) and s[i + 1] == "{":
            raise ValueError("interpolation")
        out.append(c)
        i += 1
    return "".join(out)


def read_literal(src, pos):
    """A Ruby string literal at pos: (value, end) or None."""
    while src[pos] in " \t\n(":
        pos += 1
    c = src[pos]
    if c == '"':
        j = pos + 1
        while src[j] != '"':
            j += 2 if src[j] == "\\" else 1
        return unescape_dq(src[pos + 1 : j]), j + 1
    if c == "'":
        j = pos + 1
        while src[j] != "'":
            j += 2 if src[j] == "\\" else 1
        return src[pos + 1 : j].replace("\\'", "'").replace("\\\\", "\\"), j + 1
    if c == "%" and src[pos + 1] in "({[":
        o = src[pos + 1]
        cl = {"(": ")", "{": "}", "[": "]"}[o]
        depth, j = 1, pos + 2
        while depth:
            if src[j] == "\\":
                j += 2
                continue
            if src[j] == o:
                depth += 1
            elif src[j] == cl:
                depth -= 1
            j += 1
        return unescape_dq(src[pos + 2 : j - 1]), j
    m = re.compile(r"<<([~-]?)([A-Z_]+)").match(src, pos)
    if m:
        body_start = src.index("\n", pos) + 1
        end_m = re.compile(r"^[ \t]*" + m.group(2) + r"$", re.M).search(src, body_start)
        body = src[body_start : end_m.start()]
        if m.group(1) == "~":
            lines = body.split("\n")
            ind = min((len(l) - len(l.lstrip(" ")) for l in lines if l.strip()), default=0)
            body = "\n".join(l[ind:] for l in lines)
        return unescape_dq(body), m.end()  # the rest of the line continues after the marker
    return None


def remove_indentation(raw):
    lines = raw.split("\n")
    if lines and lines[0] == "":
        lines = lines[1:]
        nonblank = [l for l in lines if not re.fullmatch(" *", l)]
        ind = min((len(re.match(" *", l).group()) for l in nonblank), default=0)
        return "\n".join(l[ind:] for l in lines)
    return raw


def block_end(src, pos):
    """The `end` closing a do-block that starts at pos (by indentation of the opening line)."""
    ls = src.rfind("\n", 0, pos) + 1
    ind = len(src[ls:pos]) - len(src[ls:pos].lstrip())
    m = re.compile(r"^" + " " * ind + r"end\b", re.M).search(src, pos)
    return m.start() if m else len(src)


def cases_in(path):
    src = show(path)
    out = []
    # 1. test_given_govspeak LITERAL[, options] do ... assert_html_output LITERAL ... end
    for m in re.finditer(r"^(\s*)(test_given_govspeak|given_govspeak)\b", src, re.M):
        try:
            lit = read_literal(src, m.end())
        except ValueError:
            continue
        if not lit:
            continue
        source, after = lit
        do = re.compile(r" do\n").search(src, after)
        head_end = do.start() if do else after
        options = src[after:head_end].strip().strip(",").strip().rstrip(")")
        end = block_end(src, m.start(2))
        body = src[head_end:end]
        name_m = None
        if m.group(2) == "given_govspeak":
            # the enclosing test's name
            prev = list(re.finditer(r'^\s*test "([^"]*)"', src[: m.start()], re.M))
            name_m = prev[-1].group(1) if prev else None
        h = re.search(r"assert_html_output", body)
        if not h:
            continue
        try:
            exp = read_literal(body, h.end())
        except ValueError:
            continue
        if not exp:
            continue
        out.append(
            {
                "name": name_m or f"Given {source}",
                "file": path,
                "line": src[: m.start(2)].count("\n") + 1,
                "input": remove_indentation(source),
                "expected": remove_indentation(exp[0]).strip(),
                "options": options or None,
            }
        )
    # 2. test "name" do ... Document.new(LITERAL[, opts]).to_html ... assert_equal LITERAL, x
    for m in re.finditer(r'^(\s*)test "([^"]*)" do\n', src, re.M):
        end = block_end(src, m.start(2) - 5)
        body = src[m.end() : end]
        if "given_govspeak" in body:
            continue
        d = re.search(r"Document\.new[ (]", body)
        a = re.search(r"assert_equal ", body)
        if not d or not a:
            continue
        try:
            lit = read_literal(body, d.end() - 1 if body[d.end() - 1] == "(" else d.end())
            exp = read_literal(body, a.end())
        except ValueError:
            continue
        if lit is None:
            var = re.match(r"\s*\(?(\w+)", body[d.end() :])
            vm = var and re.search(r"\b" + var.group(1) + r" = ", body)
            if not vm:
                continue
            try:
                lit = read_literal(body, vm.end())
            except ValueError:
                continue
            if lit is None:
                continue
            opt_src = body[
                d.end() : body.index(")", d.end()) if ")" in body[d.end() :] else d.end()
            ]
        else:
            opt_src = body[lit[1] : body.index("\n", lit[1])]
        if exp is None or re.match(r",\s*input\b", body[exp[1] :]):
            continue  # asserts something other than the HTML (the input left unchanged)
        options = re.sub(
            r"^\s*,?\s*|\)\.to_html.*$|\.to_html.*$",
            "",
            opt_src.split(var.group(1), 1)[-1] if lit and "var" in dir() and False else opt_src,
        ).strip()
        if "to_html" not in body[d.end() : d.end() + 2000]:
            continue
        out.append(
            {
                "name": m.group(2),
                "file": path,
                "line": src[: m.start(2)].count("\n") + 1,
                "input": lit[0],
                "expected": exp[0].strip(),
                "options": options or None,
            }
        )
    return out


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
    kept = {(c["source"].split(":")[0], c["name"], c["input"]): c for c in old["cases"]}
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
    document = {
        "source": "https://github.com/alphagov/govspeak (test/)",
        "commit": commit,
        "licence": "MIT, Copyright (c) 2012 Government Digital Service (the test cases' inputs "
        "and expected HTML are theirs; the portal's port is under the portal's licence)",
        "ported_by": "tests/markdown/govspeak_suite/port.py",
        "cases": cases,
    }
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases from {commit}")


if __name__ == "__main__":
    main()
