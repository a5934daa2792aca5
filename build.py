#!/usr/bin/env python3
"""Build the portal from content/ into a static site.

    python build.py [build] [--content DIR] [--out DIR] [--index DIR] [--base-url URL] [--strict]
                    [--jobs N] [--cache DIR] [--clean]
    python build.py check [--content DIR] [--strict] [--format text|github|json]
    python build.py serve [--content DIR] [--out DIR] [--port 8000]
    python build.py publish [--out DIR] [--index DIR] [--keep 5] [--label TEXT]
                            [--ssh CMD] [--nginx-reload CMD] TARGET...
    python build.py schema [--check]
    python build.py report --base DIR --head DIR [--base-index DIR] [--head-index DIR]
                           [--queries FILE] [--artifact-url URL] [--preview-url URL]

This file only reads arguments and prints results; the work is in app.pipeline.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from app import memory
from app.cli_output import print_problems, print_summary, progress_reporter

ROOT = Path(__file__).resolve().parent


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=ROOT / "content",
        metavar="DIR",
        help="the content folder (default: content/)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (long titles and descriptions, forms not yet defined, the same link "
        "text to different places, and in check and serve the style lint's findings: build "
        "does not run the lint) as errors",
    )


def _build_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "dist",
        metavar="DIR",
        help="where to write the site (default: dist/)",
    )
    parser.add_argument(
        "--index",
        type=Path,
        default=ROOT / "search-index",
        metavar="DIR",
        help="where to write the search index (default: search-index/)",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="the site's public address, overriding base_url in site.yaml",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes to build with (default: one per CPU core)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=ROOT / "build-cache",
        metavar="DIR",
        help="the build cache: a build renders only what changed since the last build made with "
        "it (default: build-cache/)",
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="build everything, as if there were no cache (the cache is written afresh)",
    )


def _publish_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "dist",
        metavar="DIR",
        help="the built site to ship, with the files the build wrote beside it",
    )
    parser.add_argument(
        "--index",
        type=Path,
        default=ROOT / "search-index",
        metavar="DIR",
        help="the search index to ship (its live generation)",
    )
    parser.add_argument(
        "--keep", type=int, default=5, metavar="N", help="releases kept on each target (default 5)"
    )
    parser.add_argument(
        "--label", metavar="TEXT", help="added to the release's name: the commit, say"
    )
    parser.add_argument(
        "--ssh", default="ssh", metavar="CMD", help="the ssh command for host:path targets"
    )
    parser.add_argument(
        "--nginx-reload",
        metavar="CMD",
        help="run on a target (over ssh for host:path) when the nginx files changed",
    )
    parser.add_argument(
        "targets",
        nargs="+",
        metavar="TARGET",
        help="a folder on this machine, or host:/path (user@host:/path) reached by rsync over ssh",
    )


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base", type=Path, required=True, metavar="DIR", help="the site built from the base"
    )
    parser.add_argument(
        "--head", type=Path, required=True, metavar="DIR", help="the site built from the change"
    )
    parser.add_argument("--base-index", type=Path, metavar="DIR", help="the base's search index")
    parser.add_argument("--head-index", type=Path, metavar="DIR", help="the change's search index")
    parser.add_argument(
        "--queries",
        type=Path,
        default=ROOT / "tests" / "search" / "relevance.yaml",
        metavar="FILE",
        help="the judged searches to run on both indexes (default: tests/search/relevance.yaml)",
    )
    parser.add_argument(
        "--artifact-url", metavar="URL", help="where the change's built site can be downloaded"
    )
    parser.add_argument(
        "--preview-url", metavar="URL", help="where the change's site is served, to link pages"
    )


CHECK_EXIT_CODES = """\
exit codes:
  0  no errors (warnings are printed, and fail only with --strict)
  1  the content has errors, or warnings with --strict: it would not be built
  2  the command was given wrongly (an unknown option or format)

formats:
  text    path:line: message, for people (on stderr), then a count
  github  one GitHub Actions workflow command a problem (on stdout), which a pull request
          shows as an annotation on the line: ::error file=…,line=…,title=…::message
  json    {"version": 1, "errors": N, "warnings": N, "problems": [{"file", "line",
          "severity", "message"}, …]} on stdout (docs/content-model.md)
"""


def _check_options(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="how to print the problems: text for people (default), github for workflow "
        "annotations, json for tools",
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build the portal's static site from Markdown content, check the content, "
        "or preview it while you edit.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _build_options(
        commands.add_parser(
            "build",
            help="build the site (the default command); the style lint runs in check and serve, "
            "not here, for speed (docs/style-lint.md)",
        )
    )
    _check_options(
        commands.add_parser(
            "check",
            help="list every problem in the content, with the "
            "file, line and fix; exit 1 if there are errors",
            epilog=CHECK_EXIT_CODES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    )
    serve = commands.add_parser(
        "serve",
        help="build, serve on http://127.0.0.1:8000 and rebuild "
        "when content changes, reloading the open page",
    )
    _build_options(serve)
    serve.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    _publish_options(
        commands.add_parser(
            "publish",
            help="ship the built site, index and content to each target as a new release and "
            "switch it live atomically (current -> releases/<id>)",
        )
    )
    schema = commands.add_parser(
        "schema",
        help="write the JSON Schemas of form definitions and page front matter to docs/ "
        "(form-definition, page and guide-part .schema.json)",
    )
    schema.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file is not up to date"
    )
    _report_options(
        commands.add_parser(
            "report",
            help="compare two builds and print, in Markdown, the pages changed, added and removed, "
            "broken links introduced, search documents changed and judged searches whose top "
            "result moved; exit 1 if links were broken",
        )
    )
    _build_options(parser)
    return parser


def run_check(args) -> int:
    from app.content import load_content

    # with the style lint's warnings: the renderer runs it on every body (docs/style-lint.md)
    _site, problems = load_content(args.content)
    if args.format == "github":
        from app.content.problem_formats import github_annotations

        sys.stdout.write(github_annotations(problems))
        print(f"{len(problems.errors)} errors, {len(problems.warnings)} warnings", file=sys.stderr)
    elif args.format == "json":
        from app.content.problem_formats import json_report

        sys.stdout.write(json_report(problems))
    else:
        print_problems(problems)
    failed = problems.errors or (args.strict and problems.warnings)
    return 1 if failed else 0


def run_build(args) -> int:
    from app.pipeline import ContentErrors, build
    from app.pipeline.assets import MissingAsset

    if args.ends:
        memory.keep_to_the_end()
    try:
        with progress_reporter() as on_progress:
            result = build(
                args.content,
                args.out,
                index_dir=args.index,
                base_url=args.base_url,
                strict=args.strict,
                jobs=args.jobs,
                on_progress=on_progress,
                cache_dir=args.cache,
                clean=args.clean,
            )
    except ContentErrors as exc:
        print_problems(exc.problems)
        print("The site was not built: fix the errors above and build again.", file=sys.stderr)
        return 1
    except MissingAsset as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if result.cache_message:
        print(result.cache_message, file=sys.stderr)
    print_problems(result.warnings)
    print_summary(result)
    # Done: a full collection need not walk what the build read (a quarter of a second at
    # 100,000 pages) before the process ends; reference counting still frees it, unless kept.
    gc.freeze()
    memory.keep(result)
    return 0


def run_serve(args) -> int:
    from app.pipeline.serve import serve

    return serve(
        args.content,
        args.out,
        args.index,
        cache=args.cache,
        port=args.port,
        base_url=args.base_url,
        strict=args.strict,
        jobs=args.jobs,
    )


def run_publish(args) -> int:
    from app.pipeline.publish import PublishError, make_target, publish

    targets = [make_target(spec, args.ssh, args.nginx_reload) for spec in args.targets]
    try:
        result = publish(args.out, args.index, targets, keep=args.keep, label=args.label)
    except PublishError as exc:
        print(f"error: {exc}; the live release is unchanged", file=sys.stderr)
        return 1
    for target in result.targets:
        reloaded = target in result.nginx_reloaded
        note = "; the nginx files changed" + ("" if args.nginx_reload else ": reload nginx")
        print(f"{target}: release {result.release} is live{note if reloaded else ''}")
    return 0


def _schemas() -> dict[Path, str]:
    """Every generated JSON Schema's file and the text it must hold."""
    from app.content.schema import schema_texts
    from app.forms.schema import SCHEMA_PATH, schema_text

    return {SCHEMA_PATH: schema_text(), **schema_texts()}


def run_schema(args) -> int:
    stale = []
    for path, text in _schemas().items():
        shown = path.relative_to(ROOT)
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current == text:
            if not args.check:
                print(f"Up to date: {shown}", file=sys.stderr)
        elif args.check:
            stale.append(shown)
            print(f"{shown} is out of date: run python build.py schema", file=sys.stderr)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"Wrote {shown}", file=sys.stderr)
    return 1 if stale else 0


def run_report(args) -> int:
    from app.report import change_report
    from app.report.markdown import to_markdown

    for folder in (args.base, args.head):
        if not folder.is_dir():
            print(f"error: {folder} is not a built site: run build.py build first", file=sys.stderr)
            return 2
    report = change_report(args.base, args.head, args.base_index, args.head_index, args.queries)
    print(to_markdown(report, args.artifact_url, args.preview_url), end="")
    return 1 if report.broken else 0


def main(argv: list[str] | None = None, ends: bool = False) -> int:
    """Run the command; `ends`: the process ends when it returns (this script run as itself), so
    a build need not free what it read (app/memory.py)."""
    args = make_parser().parse_args(argv)
    args.ends = ends
    command = args.command or "build"
    runs = {
        "build": run_build,
        "check": run_check,
        "serve": run_serve,
        "publish": run_publish,
        "schema": run_schema,
        "report": run_report,
    }
    return runs[command](args)


if __name__ == "__main__":
    memory.end(main(ends=True))
