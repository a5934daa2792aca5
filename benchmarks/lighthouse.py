#!/usr/bin/env python3
"""Lighthouse (npm lighthouse 12, in Debian's Chromium) on four kinds of page of the sample site.

    python benchmarks/lighthouse.py [--runs 3] [--desktop]

Builds the sample content into benchmarks/work/lighthouse/, serves it on loopback with the real
app (as accessibility/ does) and, in front of it, the .gz copies the build wrote, as nginx's
`gzip_static on` does in production (docs/hosting.md). Runs Lighthouse's accessibility and
performance categories on the home page, a guide, a start page and the first question of its
form, `--runs` times each (the median performance score is reported, as Lighthouse advises), and
prints a Markdown table, then each page's weight (HTML, CSS, JS, fonts; gzipped) beside GOV.UK
Frontend's full stylesheet and script. CHROME_PATH defaults to /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work" / "lighthouse"
sys.path.insert(0, str(ROOT))

from accessibility.portal import start_portal  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
GOVUK = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
FORM = "register-to-vote"
PAGES = {  # what it is: its path
    "home page": "/",
    "guide": "/self-assessment-tax-returns",
    "start page": f"/{FORM}",
    "form page": f"/forms/{FORM}/full-name",
}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)


class GzipStatic:
    """Serve `<file>.gz` for a GET that accepts gzip, as nginx's gzip_static does."""

    def __init__(self, app, dist: Path):
        self.app, self.dist = app, dist

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        candidates = [path + "index.html"] if path.endswith("/") else [path, path + ".html"]
        if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
            for candidate in candidates:
                packed = self.dist / (candidate.lstrip("/") + ".gz")
                if ".." not in candidate and packed.is_file():
                    return self._send(packed, candidate, start_response)
        return self.app(environ, start_response)

    @staticmethod
    def _send(packed: Path, name: str, start_response):
        kinds = {
            ".html": "text/html; charset=utf-8",
            ".css": "text/css; charset=utf-8",
            ".js": "text/javascript; charset=utf-8",
            ".mjs": "text/javascript; charset=utf-8",
            ".svg": "image/svg+xml",
            ".json": "application/json",
        }
        body = packed.read_bytes()
        start_response(
            "200 OK",
            [
                ("Content-Type", kinds.get(Path(name).suffix, "application/octet-stream")),
                ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "max-age=3600"),
                ("Vary", "Accept-Encoding"),
            ],
        )
        return [body]


def draft_cookie(root: str) -> str:
    """A draft of the form, as the start page's button makes one: its cookie."""

    class Stop(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(Stop)
    try:
        opener.open(f"{root}/forms/{FORM}")
    except urllib.error.HTTPError as answer:  # the 303 to the first question
        return answer.headers["Set-Cookie"].split(";", 1)[0]
    raise RuntimeError("no draft cookie")


def lighthouse(url: str, out: Path, cookie: str | None, desktop: bool) -> dict:
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=accessibility,performance",
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if desktop:
        command.append("--preset=desktop")
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=env, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def weights(report: dict) -> dict[str, int]:
    """Bytes over the wire by kind, from Lighthouse's network requests."""
    sums = {"HTML": 0, "CSS": 0, "JS": 0, "fonts": 0, "other": 0}
    kinds = {"Document": "HTML", "Stylesheet": "CSS", "Script": "JS", "Font": "fonts"}
    for request in report["audits"]["network-requests"]["details"]["items"]:
        sums[kinds.get(request.get("resourceType"), "other")] += request.get("transferSize", 0)
    return sums


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--desktop", action="store_true", help="desktop preset (default mobile)")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    portal = start_portal(Path(tempfile.mkdtemp(dir=WORK)))
    portal.server.app = GzipStatic(portal.server.app, portal.dist)
    try:
        rows, weight_rows = [], []
        for name, path in PAGES.items():
            cookie = draft_cookie(portal.root) if path.startswith("/forms/") else None
            reports = [
                lighthouse(portal.url(path), WORK / f"{i}.json", cookie, args.desktop)
                for i in range(args.runs)
            ]
            perf = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
            a11y = {round(r["categories"]["accessibility"]["score"] * 100) for r in reports}
            audits = reports[-1]["audits"]
            rows.append(
                f"| {name} | `{path}` | {'/'.join(map(str, sorted(a11y)))} | "
                f"{statistics.median(perf):.0f} ({' / '.join(map(str, perf))}) | "
                f"{audits['first-contentful-paint']['displayValue']} | "
                f"{audits['largest-contentful-paint']['displayValue']} | "
                f"{audits['total-blocking-time']['displayValue']} | "
                f"{audits['cumulative-layout-shift']['displayValue']} |"
            )
            w = weights(reports[-1])
            weight_rows.append(
                f"| {name} | {w['HTML'] / 1024:.1f} | {w['CSS'] / 1024:.1f} | "
                f"{w['JS'] / 1024:.1f} | {w['fonts'] / 1024:.1f} | "
                f"{sum(w.values()) / 1024:.1f} |"
            )
            version = reports[-1]["lighthouseVersion"]
        assets = {
            path.name: (path.stat().st_size, gzipped(path.read_bytes()))
            for path in sorted((portal.dist / "assets").iterdir())
            if path.suffix in (".css", ".js", ".mjs")
        }
    finally:
        portal.stop()
    css = gzipped((GOVUK / "govuk-frontend.min.css").read_bytes())
    js = gzipped((GOVUK / "govuk-frontend.min.js").read_bytes())
    print(
        f"Lighthouse {version}, {'desktop' if args.desktop else 'mobile'} preset, "
        f"{args.runs} runs a page\n"
    )
    print("| page | path | accessibility | performance: median (runs) | FCP | LCP | TBT | CLS |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print("\nTransferred, KiB (gzipped as served; the portal uses the system fonts):\n")
    print("| page | HTML | CSS | JS | fonts | total |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(weight_rows))
    print(
        "\nThe portal's assets beside GOV.UK Frontend's full stylesheet and script, KiB "
        "(gzip -9):\n"
    )
    print("| file | raw | gzipped |")
    print("|---|---:|---:|")
    for name, (raw, packed) in assets.items():
        print(f"| portal `{name}` | {raw / 1024:.1f} | {packed / 1024:.1f} |")
    for name in ("govuk-frontend.min.css", "govuk-frontend.min.js"):
        raw = (GOVUK / name).stat().st_size
        packed = css if name.endswith(".css") else js
        print(f"| GOV.UK Frontend `{name}` | {raw / 1024:.1f} | {packed / 1024:.1f} |")
    print("\nFonts: none (the system font stack; GOV.UK's GDS Transport is not used).")


if __name__ == "__main__":
    main()
