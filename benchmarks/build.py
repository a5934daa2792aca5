#!/usr/bin/env python3
"""Benchmark full clean builds of generated corpora and print a Markdown table.

    python benchmarks/build.py [--sizes 1000 10000] [--runs 3] [--peers] [--profile]

For each size N: writes (or reuses) a content tree of N pages under benchmarks/work/ with
benchmarks/make_corpus.py, then runs `python build.py build --content … --out … --index …
--cache …` RUNS times, each a clean build into an empty output folder and a fresh cache folder (as
a first CI build), on tmpfs (/dev/shm) when there is one, else on disk under benchmarks/work/.
Each run is measured from outside: wall seconds, peak RSS and CPU seconds (`/usr/bin/time -v` when
present, else `resource.getrusage(RUSAGE_CHILDREN)` in a fresh wrapper process per run).
Reported: the runs, median wall, pages/s (N / median), peak RSS (max over runs), HTML files and
bytes, and the size of the whole output (with the .gz copies).

--peers builds the same corpus (its content/ folder) with Hugo, Eleventy and MkDocs in the same
run, interleaved with ours run by run, and prints the ratios our seconds / theirs for wall and CPU.
`make peers` installs them into benchmarks/peers/ (Hugo with apt, on PATH); PEERS_WORKDIR may
point at another folder laid out the same way (node_modules/@11ty/eleventy, venv/bin/mkdocs).
Their site configurations are in benchmarks/peers/sites/.

--profile runs one more build of the largest size under cProfile (in one process, --jobs 1) and
sums the time by stage, and times every size's build stage by stage (TIMED_FUNCTIONS): wall
seconds, and CPU per page (this process and the forked workers it waited for), so a stage whose
CPU per page rises with N shows as superlinear.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / "work"
PEER_SITES = BENCH / "peers" / "sites"
GNU_TIME = Path("/usr/bin/time")
PEER_TOOLS = ("hugo", "eleventy", "mkdocs")
INSTALL_PEERS = (
    "install them with `make peers` (Hugo with apt-get, Eleventy with npm and MkDocs with pip, "
    "into benchmarks/peers/), or set PEERS_WORKDIR to a folder holding "
    "node_modules/@11ty/eleventy and venv/bin/mkdocs; hugo is looked up on PATH"
)
# Room a size needs on the output file system, per page: our site with its .gz copies (25 KB a
# page at 10,000) and the search index (5 KB a page, more while Whoosh merges segments), kept at
# once, with a margin; each peer's output is deleted after its run.
OUTPUT_BYTES_PER_PAGE = 45_000
CORPUS_BYTES_PER_PAGE = 6_000  # ~610 words of Markdown and front matter, and the file's block


def peers_workdir() -> Path:
    """Where `make peers` put Eleventy and MkDocs, unless PEERS_WORKDIR says otherwise."""
    return Path(os.environ.get("PEERS_WORKDIR") or BENCH / "peers")


sys.path.insert(0, str(BENCH))
from make_corpus import DEFAULT_SEED, make_corpus  # noqa: E402


def python_for_build() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


def out_root(largest: int) -> tuple[Path, str]:
    """Where build outputs go, and a label saying so: tmpfs when it has room for the largest size
    (it takes disk writeback out of the numbers), else disk, else stop before building anything."""
    needed = largest * OUTPUT_BYTES_PER_PAGE
    shm = Path("/dev/shm")
    WORK.mkdir(parents=True, exist_ok=True)
    if shm.is_dir() and os.access(shm, os.W_OK):
        if free_bytes(shm) >= needed:
            return Path(tempfile.mkdtemp(prefix="portal-bench-", dir=shm)), "tmpfs (/dev/shm)"
        print(
            f"/dev/shm has {free_bytes(shm) / 1e9:.1f} GB free, {largest} pages need about "
            f"{needed / 1e9:.1f} GB: writing the outputs to disk instead",
            file=sys.stderr,
        )
    corpus_room = largest * CORPUS_BYTES_PER_PAGE
    if free_bytes(WORK) < needed + corpus_room:
        raise SystemExit(
            f"{WORK} has {free_bytes(WORK) / 1e9:.1f} GB free; {largest} pages need about "
            f"{(needed + corpus_room) / 1e9:.1f} GB for the corpus and the outputs"
        )
    return Path(tempfile.mkdtemp(prefix="out-", dir=WORK)), f"disk ({WORK})"


# --- corpus ---------------------------------------------------------------------------------


def corpus(n: int, seed: int) -> Path:
    """The content tree of n pages, regenerated when make_corpus.py has changed."""
    stamp_text = hashlib.sha256((BENCH / "make_corpus.py").read_bytes()).hexdigest()
    path = WORK / f"corpus-{n}-{seed}"
    stamp = path / ".generator"
    if stamp.is_file() and stamp.read_text() == stamp_text:
        return path
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    counts = make_corpus(path, n, seed)
    stamp.write_text(stamp_text)
    print(
        f"corpus: {n} pages, {counts['words'] / n:.0f} body words a page, in "
        f"{time.perf_counter() - started:.1f} s -> {path}",
        file=sys.stderr,
    )
    return path


# --- measuring one run ----------------------------------------------------------------------

_RUSAGE_WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "wall": wall, "rss_kb": u.ru_maxrss,
                  "cpu": u.ru_utime + u.ru_stime, "stdout": p.stdout, "stderr": p.stderr}))
"""


def measure(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> dict:
    """Run cmd once; wall seconds, peak RSS (kB), user+system CPU seconds and what it printed
    (benchmarks/incremental.py reads whether the build cache was used, and what it rendered)."""
    if GNU_TIME.exists():
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
            started = time.perf_counter()
            proc = subprocess.run(
                [str(GNU_TIME), "-v", "-o", report.name, *cmd],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
            )
            wall = time.perf_counter() - started
            text = report.read()
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
        fields = dict(line.strip().split(": ", 1) for line in text.splitlines() if ": " in line)
        cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
        return {
            "wall": wall,
            "rss_kb": int(fields["Maximum resident set size (kbytes)"]),
            "cpu": cpu,
            "via": "/usr/bin/time -v",
            "stdout": proc.stdout,
            "stderr": proc.stderr,
        }
    proc = subprocess.run(
        [sys.executable, "-c", _RUSAGE_WRAPPER, *cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    result = json.loads(proc.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"failed ({result['rc']}): {' '.join(cmd)}\n{result['stderr'][-3000:]}")
    return {
        "wall": result["wall"],
        "rss_kb": result["rss_kb"],
        "cpu": result["cpu"],
        "via": "getrusage(RUSAGE_CHILDREN)",
        "stdout": result["stdout"],
        "stderr": result["stderr"],
    }


def output_stats(out: Path) -> dict:
    html_files = html_bytes = gz_bytes = total = files = 0
    for folder, _dirs, names in os.walk(out):
        for name in names:
            size = os.path.getsize(os.path.join(folder, name))
            total += size
            files += 1
            if name.endswith(".html"):
                html_files += 1
                html_bytes += size
            elif name.endswith(".gz"):
                gz_bytes += size
    return {
        "files": files,
        "bytes": total,
        "html_files": html_files,
        "html_bytes": html_bytes,
        "gz_bytes": gz_bytes,
    }


def our_command(content: Path, out: Path, index: Path, cache: Path) -> list[str]:
    """The whole build, search index included, as `make run` does it, with a cache folder as
    `build.py build` always has one (build-cache/ unless told): a fresh one per run, so each run
    is a clean build that also works out and writes the cache, as a first CI build does, and the
    repository's own build-cache/ is left alone."""
    return [
        python_for_build(),
        "build.py",
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--index",
        str(index),
        "--cache",
        str(cache),
    ]


def summarise(n: int, results: list[dict]) -> dict:
    """The runs of one tool at one size: median wall and CPU, peak RSS (max over runs)."""
    walls = [r["wall"] for r in results]
    median = statistics.median(walls)
    return {
        "n": n,
        "walls": walls,
        "median": median,
        "pages_per_s": n / median,
        "rss_mb": max(r["rss_kb"] for r in results) / 1024,
        "cpu": statistics.median(r["cpu"] for r in results),
        "via": results[0]["via"],
    }


def bench_size(n: int, runs: int, seed: int, outs: Path, peers: dict[str, Path]) -> tuple:
    """Our build and each peer's, RUNS times each, interleaved run by run so that whatever else
    the machine does falls on all of them alike. Returns (ours, [peer results])."""
    content = corpus(n, seed)
    out, index, cache = outs / f"site-{n}", outs / f"index-{n}", outs / f"cache-{n}"
    cmd = our_command(content, out, index, cache)
    peer_runs = {
        tool: peer_command(tool, path, content / "content", outs, n) for tool, path in peers.items()
    }
    ours, theirs = [], {tool: [] for tool in peer_runs}
    stats: dict = {}
    peer_files: dict[str, int] = {}
    for run in range(1, runs + 1):
        for folder in (out, index, cache):
            shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["sync"], check=False)
        result = measure(cmd)
        ours.append(result)
        print(
            f"  N={n} run {run}: {result['wall']:.2f} s, {result['rss_kb'] / 1024:.0f} MB, "
            f"cpu {result['cpu']:.2f} s",
            file=sys.stderr,
        )
        if run == runs:
            stats = output_stats(out)
        for folder in (out, index, cache):
            shutil.rmtree(folder, ignore_errors=True)
        for tool, (peer_cmd, peer_out, env) in peer_runs.items():
            shutil.rmtree(peer_out, ignore_errors=True)
            subprocess.run(["sync"], check=False)
            result = measure(peer_cmd, cwd=outs, env=env)
            theirs[tool].append(result)
            peer_files[tool] = output_stats(peer_out)["html_files"]
            shutil.rmtree(peer_out, ignore_errors=True)
            print(
                f"  N={n} run {run} {tool}: {result['wall']:.2f} s, "
                f"{result['rss_kb'] / 1024:.0f} MB, cpu {result['cpu']:.2f} s",
                file=sys.stderr,
            )
    mine = {**summarise(n, ours), "command": " ".join(["python", *cmd[1:]]), **stats}
    versions = peer_versions(peers) if peers else {}
    return mine, [
        {
            "tool": tool,
            "version": versions.get(tool, "?"),
            **summarise(n, results),
            "html_files": peer_files[tool],
            "command": " ".join(peer_runs[tool][0]),
        }
        for tool, results in theirs.items()
    ]


# --- peers ----------------------------------------------------------------------------------


def find_peers(workdir: Path, path: str | None = None) -> dict[str, Path | None]:
    """Each peer tool's executable (or Eleventy's cmd.cjs), None when it is not installed.

    `path` is the PATH to look hugo and node up on (default: this process's)."""
    eleventy = workdir / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
    mkdocs = workdir / "venv" / "bin" / "mkdocs"
    hugo = shutil.which("hugo", path=path)
    return {
        "hugo": Path(hugo) if hugo else None,
        "eleventy": eleventy if eleventy.is_file() and shutil.which("node", path=path) else None,
        "mkdocs": mkdocs if mkdocs.is_file() else None,
    }


def missing_peers(found: dict[str, Path | None]) -> str | None:
    """What to tell the user when a peer is missing, or None when all are installed."""
    missing = [tool for tool in PEER_TOOLS if found.get(tool) is None]
    if not missing:
        return None
    return f"--peers: {', '.join(missing)} not installed; {INSTALL_PEERS}."


def peer_command(tool: str, exe: Path, pages: Path, outs: Path, n: int) -> tuple:
    """(command, output folder, environment) to build the pages with one peer.

    The peers' site folders are copied beside the outputs first, so the lock and cache files the
    tools write there never land in the repository."""
    sites = outs / "peer-sites"
    if not sites.is_dir():
        shutil.copytree(PEER_SITES, sites)
    out = outs / f"out-{tool}-{n}"
    env = dict(os.environ)
    if tool == "hugo":
        cmd = [str(exe), "--quiet", "--source", str(sites / "hugo"), "--contentDir", str(pages)]
        return [*cmd, "--destination", str(out)], out, env
    if tool == "eleventy":
        env["ELEVENTY_INPUT"] = str(pages)
        cmd = [
            shutil.which("node") or "node",
            str(exe),
            "--quiet",
            f"--config={sites / 'eleventy' / 'eleventy.config.cjs'}",
            f"--input={pages}",
            f"--output={out}",
        ]
        return cmd, out, env
    config = outs / f"mkdocs-{n}.yml"
    template = (sites / "mkdocs" / "mkdocs.yml.in").read_text(encoding="utf-8")
    config.write_text(
        template.replace("@CORPUS@", str(pages))
        .replace("@OUT@", str(out))
        .replace("@THEME@", str(sites / "mkdocs" / "theme")),
        encoding="utf-8",
    )
    return [str(exe), "build", "-q", "-f", str(config)], out, env


def peer_versions(peers: dict[str, Path]) -> dict[str, str]:
    commands = {
        "hugo": [str(peers["hugo"]), "version"],
        "eleventy": [shutil.which("node") or "node", str(peers["eleventy"]), "--version"],
        "mkdocs": [str(peers["mkdocs"]), "--version"],
    }
    versions = {}
    for tool, cmd in commands.items():
        found = re.search(
            r"\d+\.\d+\.\d+", subprocess.run(cmd, capture_output=True, text=True).stdout
        )
        versions[tool] = found.group() if found else "?"
    return versions


def peer_table(ours: list[dict], peers: list[dict]) -> list[str]:
    """Ours and the peers, size by size, with ratio = our median / theirs (> 1: we are slower)."""
    lines = [
        "| N | tool | runs (s) | median s | CPU s | peak RSS MB | HTML files | wall ratio "
        "| CPU ratio |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for mine in ours:
        rows = [("portal (site + index)", mine)] + [
            (f"{p['tool']} {p['version']}", p) for p in peers if p["n"] == mine["n"]
        ]
        for name, row in rows:
            wall_ratio = f"{mine['median'] / row['median']:.2f}" if row is not mine else "1"
            cpu_ratio = f"{mine['cpu'] / row['cpu']:.2f}" if row is not mine else "1"
            lines.append(
                f"| {row['n']} | {name} | {' / '.join(f'{w:.2f}' for w in row['walls'])} | "
                f"{row['median']:.2f} | {row['cpu']:.2f} | {row['rss_mb']:.0f} | "
                f"{row['html_files']} | {wall_ratio} | {cpu_ratio} |"
            )
    return lines


# --- profile --------------------------------------------------------------------------------

# (label, file name ending, function name): cumulative time of each, a stage of the build. The
# profiled build runs with --jobs 1, so the page pass's work (Markdown, Jinja, Whoosh, gzip),
# which forked workers do in an ordinary build, happens in the profiled process and is seen.
STAGES = [
    ("whole build (app.pipeline.build)", "app/pipeline/__init__.py", "build"),
    ("build key (cache.build_key)", "app/pipeline/cache.py", "build_key"),
    ("load, checks and page pass (loading.load)", "app/pipeline/loading.py", "load"),
    ("  read + validate files (loader.load_site)", "app/content/loader.py", "load_site"),
    ("    of which pydantic validation", "app/content/validation.py", "validate"),
    ("    of which YAML front matter", "app/content/yamlsource.py", "split_front_matter"),
    ("  site-wide checks (crossref.check_site_wide)", "app/content/crossref.py", "check_site_wide"),
    ("  per-page checks (crossref.check_page)", "app/content/crossref.py", "check_page"),
    (
        "  page pass (page_pass.render_freeze_index)",
        "app/pipeline/page_pass.py",
        "render_freeze_index",
    ),
    ("    of which Markdown render (SiteRenderer.page)", "app/content/render.py", "page"),
    (
        "    of which search documents' text (page_document)",
        "app/search/documents.py",
        "page_document",
    ),
    ("    of which search documents indexed (SegmentsWriter.add)", "app/search/indexer.py", "add"),
    (
        "per-URL request + write, page pass and listings (Freezer._build_one)",
        "flask_frozen/__init__.py",
        "_build_one",
    ),
    (
        "  of which Jinja templates (flask.render_template)",
        "flask/templating.py",
        "render_template",
    ),
    ("  of which content JSON (content_json)", "app/site/content_json.py", "content_json"),
    ("gzip of each frozen file (compress.gzip_file)", "app/pipeline/compress.py", "gzip_file"),
    ("Flask app set-up (create_app)", "app/__init__.py", "create_app"),
    ("assets, brand CSS, media", "app/pipeline/assets.py", "copy_assets"),
    (
        "gzip copies of the files copied in (compress.gzip_tree)",
        "app/pipeline/compress.py",
        "gzip_tree",
    ),
    (
        "search index: segments listed (IndexBuild.add_segments)",
        "app/search/indexer.py",
        "add_segments",
    ),
    ("swap into place (trees.swap_into_place)", "app/pipeline/trees.py", "swap_into_place"),
    (
        "every output's fingerprint (_all_fingerprints)",
        "app/pipeline/__init__.py",
        "_all_fingerprints",
    ),
    ("write the cache (_save)", "app/pipeline/__init__.py", "_save"),
]


def stage_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    raw = stats.stats  # type: ignore[attr-defined]
    found = []
    for label, ending, name in STAGES:
        total = sum(
            entry[3]
            for (file, _line, func), entry in raw.items()
            if func == name and file.replace("\\", "/").endswith(ending)
        )
        found.append((label, total))
    return found


def profile_build(n: int, seed: int, outs: Path) -> dict:
    content = corpus(n, seed)
    out, cache = outs / f"site-{n}-profile", outs / f"cache-{n}-profile"
    prof = WORK / f"profile-{n}.prof"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    command = our_command(content, out, outs / f"index-{n}-profile", cache)
    started = time.perf_counter()
    subprocess.run(
        # one process: cProfile does not follow forked workers
        [command[0], "-m", "cProfile", "-o", str(prof), *command[1:], "--jobs", "1"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    stats = pstats.Stats(str(prof))
    top = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:15]  # type: ignore
    return {
        "n": n,
        "wall": wall,
        "file": str(prof),
        "total": stats.total_tt,  # type: ignore
        "stages": stage_times(stats),
        "top": [
            (f"{Path(f).parent.name}/{Path(f).name}:{line}({func})", e[2], e[1])
            for (f, line, func), e in top
        ],
    }


# --- stage timings without the profiler ----------------------------------------------------

# (stage, module, name): each function timed, wrapped where the build looks it up (a module's
# global, or a class's method). Stages after "load" up to "page_pass" run inside it.
TIMED_FUNCTIONS = [
    ("build", "app.pipeline", "build"),
    ("key", "app.pipeline", "build_key"),
    ("load", "app.pipeline", "load"),
    ("read", "app.pipeline.loading", "load_site"),
    ("crossref", "app.pipeline.loading", "check_site_wide"),
    ("organisations", "app.pipeline.loading", "render_organisations"),
    ("check_pages", "app.pipeline.loading", "check_page"),
    ("page_pass", "app.pipeline.page_pass", "render_freeze_index"),
    ("assets", "app.pipeline", "copy_assets"),
    ("assets", "app.pipeline", "write_brand_css"),
    ("assets", "app.pipeline", "copy_media"),
    ("gzip", "app.pipeline", "gzip_tree"),
    ("segments", "app.search.indexer", "IndexBuild.add_segments"),
    ("swap", "app.pipeline", "swap_into_place"),
    ("nginx", "app.pipeline", "write_server_files"),
    ("fingerprints", "app.pipeline", "_all_fingerprints"),
    ("cache", "app.pipeline", "_save"),
    ("cache_write", "app.pipeline", "save_state"),
]
# the stages of the build, one after the other (the rest of it is "other")
BUILD_PARTS = (
    "key",
    "load",
    "assets",
    "gzip",
    "segments",
    "swap",
    "nginx",
    "fingerprints",
    "cache",
)
LOAD_PARTS = ("read", "crossref", "organisations", "check_pages", "page_pass")  # inside load

STAGE_LABELS = [
    ("build", "app.pipeline.build, whole (clean, into a fresh cache folder)"),
    ("key", "build key: digests of code, packages, shared content (cache.build_key)"),
    ("load", "load, check, and the page pass (loading.load), of which:"),
    ("read", "  read files, YAML front matter, pydantic (loader.load_site)"),
    ("crossref", "  site-wide checks (crossref.check_site_wide)"),
    ("organisations", "  organisation bodies rendered (render.render_organisations)"),
    ("check_pages", "  each page's checks (crossref.check_page)"),
    (
        "page_pass",
        "  render + freeze + gzip + index every page, then freeze the listings, redirect and "
        "fixed pages, in forked workers (page_pass.render_freeze_index)",
    ),
    ("load_rest", "  the rest: link lists, page entries, file digests"),
    ("assets", "assets, brand CSS, media (copy_assets, write_brand_css, copy_media)"),
    ("gzip", "gzip copies of the files copied in (compress.gzip_tree)"),
    ("segments", "search index: the workers' segments listed (IndexBuild.add_segments)"),
    ("swap", "swap into place (trees.swap_into_place)"),
    ("nginx", "files for the servers: nginx files, service.json (write_server_files)"),
    ("fingerprints", "every output's fingerprint, for the cache (_all_fingerprints)"),
    ("cache", "write the cache (_save), of which:"),
    ("cache_write", "  pickle and write it (cache.save_state)"),
    ("other", "everything else in build (cache lock, index set-up and commit, staging folder)"),
]
CPU_STAGES = tuple(key for key, _label in STAGE_LABELS)


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (the forked workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed(stats: dict, key: str, fn):
    def wrapper(*args, **kwargs):
        started, cpu = time.perf_counter(), _cpu()
        try:
            return fn(*args, **kwargs)
        finally:
            stats[key] = stats.get(key, 0.0) + time.perf_counter() - started
            stats[f"cpu:{key}"] = stats.get(f"cpu:{key}", 0.0) + _cpu() - cpu
            stats[f"calls:{key}"] = stats.get(f"calls:{key}", 0) + 1

    return wrapper


def wrap_stages(stats: dict) -> None:
    """Put a timer around every function of TIMED_FUNCTIONS where the build looks it up; an
    AttributeError says the build no longer has it (update TIMED_FUNCTIONS)."""
    for key, module_name, name in TIMED_FUNCTIONS:
        owner = importlib.import_module(module_name)
        *outer, attribute = name.split(".")
        for part in outer:
            owner = getattr(owner, part)
        setattr(owner, attribute, _timed(stats, key, getattr(owner, attribute)))


def stages_in_process(content: Path, out: Path, cache: Path) -> dict:
    """Run app.pipeline.build once, clean, with a fresh cache folder as `build.py build` does
    (bench_size's runs), with timers around its stages (no profiler overhead).

    Runs in a fresh interpreter (see stage_build); the stage functions are wrapped where the
    build looks them up, so the build itself is unchanged. Stops if a stage never ran: the build
    has changed and the table would be wrong.
    """
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    import app.pipeline

    stats: dict[str, float] = {"imports": time.perf_counter() - started}
    wrap_stages(stats)
    app.pipeline.build(content, out, index_dir=out.with_name(f"{out.name}-index"), cache_dir=cache)
    idle = sorted({key for key, _m, _n in TIMED_FUNCTIONS} - set(stats))
    if idle:
        raise SystemExit(f"stages that never ran (the build changed; see TIMED_FUNCTIONS): {idle}")
    return stats


def add_remainders(stats: dict) -> dict:
    """The time (and CPU) of load and of the build not in any of their timed parts."""
    for kind in ("", "cpu:"):
        stats[f"{kind}load_rest"] = stats[f"{kind}load"] - sum(
            stats.get(f"{kind}{k}", 0.0) for k in LOAD_PARTS
        )
        stats[f"{kind}other"] = stats[f"{kind}build"] - sum(
            stats.get(f"{kind}{k}", 0.0) for k in BUILD_PARTS
        )
    return stats


def stage_build(n: int, seed: int, outs: Path) -> dict:
    content, out = corpus(n, seed), outs / f"site-{n}-stages"
    cache = outs / f"cache-{n}-stages"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.run(
        [
            python_for_build(),
            str(Path(__file__).resolve()),
            "--stages-of",
            str(content),
            str(out),
            str(cache),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    for folder in (out, cache, out.with_name(f"{out.name}-index")):
        shutil.rmtree(folder, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"stage timing failed:\n{proc.stderr[-3000:]}")
    stats = add_remainders(json.loads(proc.stdout.strip().splitlines()[-1]))
    stats["process"] = wall
    stats["n"] = n
    return stats


def stage_table(timed: dict) -> list[str]:
    """Each stage's wall seconds and share of the build, and how much of it the stages cover."""
    lines = ["| stage | s | share of build |", "|---|---:|---:|"]
    for key, label in STAGE_LABELS:
        seconds = timed.get(key, 0.0)
        lines.append(f"| {label} | {seconds:.2f} | {100 * seconds / timed['build']:.0f} % |")
    covered = sum(timed.get(k, 0.0) for k in BUILD_PARTS)
    lines += [
        "",
        f"The stages in sequence ({', '.join(BUILD_PARTS)}) add up to {covered:.2f} s of the "
        f"build's {timed['build']:.2f} s ({100 * covered / timed['build']:.0f} %); load's timed "
        f"parts to {100 * (timed['load'] - timed['load_rest']) / timed['load']:.0f} % of load.",
    ]
    return lines


def cpu_per_page_table(timed_by_size: list[dict]) -> list[str]:
    """CPU milliseconds per page of each stage at each size, and the largest size's over the
    smallest's: above 1 (beyond noise), a stage costs more per page the bigger the site."""
    sizes = [t["n"] for t in timed_by_size]
    lines = [
        "| stage | " + " | ".join(f"{n} pages" for n in sizes) + " | ratio |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    labels = dict(STAGE_LABELS)
    for key in CPU_STAGES:
        per_page = [1000 * t.get(f"cpu:{key}", 0.0) / t["n"] for t in timed_by_size]
        ratio = f"{per_page[-1] / per_page[0]:.2f}" if per_page[0] > 0.001 else "-"
        cells = " | ".join(f"{value:.3f}" for value in per_page)
        lines.append(f"| {labels[key]} | {cells} | {ratio} |")
    return lines


# --- report ---------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    dirty = [line[3:] for line in status if not line[3:].startswith("benchmarks/")]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "dirty": dirty,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "commit": commit,
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    }


def mb(n_bytes: float) -> str:
    return f"{n_bytes / 1e6:.1f}"


def report(
    ours: list[dict],
    peers: list[dict],
    where: str,
    info: dict,
    profile: dict | None,
) -> str:
    lines = [
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, "
        f"Python {info['python']}; commit {info['commit']}"
        + (f" with uncommitted changes to {', '.join(info['dirty'])}" if info["dirty"] else "")
        + f"; {info['date']}.",
        f"Output on {where}; measured with {ours[0]['via']}; peak RSS = max over runs; "
        "pages/s = N / median.",
        "",
        "| N | runs (s) | median s | pages/s | peak RSS MB | CPU s | CPU ms/page | HTML files "
        "| HTML MB | output MB (with .gz) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in ours:
        lines.append(
            f"| {r['n']} | {' / '.join(f'{w:.2f}' for w in r['walls'])} | "
            f"{r['median']:.2f} | {r['pages_per_s']:.0f} | {r['rss_mb']:.0f} | "
            f"{r['cpu']:.2f} | {1000 * r['cpu'] / r['n']:.2f} | {r['html_files']} | "
            f"{mb(r['html_bytes'])} | "
            f"{mb(r['bytes'])} |"
        )
    if len(ours) >= 2:
        a, b = ours[0], ours[-1]
        rss_growth, html_growth = b["rss_mb"] / a["rss_mb"], b["html_bytes"] / a["html_bytes"]
        d_rss = (b["rss_mb"] - a["rss_mb"]) * 1024 * 1024 / (b["n"] - a["n"])
        d_html = (b["html_bytes"] - a["html_bytes"]) / (b["n"] - a["n"])
        lines += [
            "",
            f"Memory, {a['n']} -> {b['n']} pages:",
            "",
            f"| | {a['n']} | {b['n']} | growth |",
            "|---|---:|---:|---:|",
            f"| peak RSS MB | {a['rss_mb']:.0f} | {b['rss_mb']:.0f} | x{rss_growth:.2f} |",
            f"| HTML MB | {mb(a['html_bytes'])} | {mb(b['html_bytes'])} | x{html_growth:.2f} |",
            f"| RSS per page KB | {a['rss_mb'] * 1024 / a['n']:.0f} | "
            f"{b['rss_mb'] * 1024 / b['n']:.0f} | |",
            f"| HTML per page KB | {a['html_bytes'] / 1024 / a['n']:.1f} | "
            f"{b['html_bytes'] / 1024 / b['n']:.1f} | |",
            f"| CPU ms per page | {1000 * a['cpu'] / a['n']:.2f} | "
            f"{1000 * b['cpu'] / b['n']:.2f} | x{(b['cpu'] / b['n']) / (a['cpu'] / a['n']):.2f} |",
            "",
            f"Marginal cost of a page: {d_rss / 1024:.1f} KB of RSS for "
            f"{d_html / 1024:.1f} KB of HTML ({d_rss / d_html:.2f} bytes of RSS per byte "
            'of HTML). Criterion "memory does not grow with the page count faster than the '
            f'HTML does": {"holds" if rss_growth <= html_growth else "does NOT hold"} '
            f"(RSS x{rss_growth:.2f} vs HTML x{html_growth:.2f}).",
        ]
    if peers:
        lines += [
            "",
            "Side by side in this run, on the same corpus (the peers build its content/ folder; "
            "ratio = our median / theirs, > 1 means we are slower):",
            "",
            *peer_table(ours, peers),
        ]
    if profile:
        timed = profile["timed"]
        lines += [
            "",
            f"Where one {profile['n']}-page build's time goes, timed stage by stage "
            f"without a profiler ({timed['process']:.1f} s for the whole process, of "
            f"which {timed['imports']:.1f} s interpreter start-up and imports are "
            "outside the build):",
            "",
            *stage_table(timed),
        ]
        lines += [
            "",
            "CPU milliseconds per page by stage (this process and the forked workers it waited "
            "for; Markdown, Jinja, gzip and Whoosh run inside the page pass's workers, so they "
            "are in its figure):",
            "",
            *cpu_per_page_table(profile["timed_by_size"]),
        ]
        total = dict(profile["stages"])["whole build (app.pipeline.build)"]
        lines += [
            "",
            f"Profile of one {profile['n']}-page build under cProfile "
            f"in one process (--jobs 1, so the workers' functions are seen; "
            f"{profile['wall']:.1f} s wall with cProfile's overhead, which inflates code "
            f"made of many small Python calls; {profile['file']}):",
            "",
            "| function | cumulative s | share of build |",
            "|---|---:|---:|",
        ]
        for label, seconds in profile["stages"]:
            lines.append(f"| {label} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
        lines += [
            "",
            "Top functions by own time:",
            "",
            "| function | own s | calls |",
            "|---|---:|---:|",
        ]
        for name, own, calls in profile["top"]:
            lines.append(f"| `{name}` | {own:.2f} | {calls} |")
    return "\n".join(lines) + "\n"


def page_count(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"a corpus needs at least one page, not {n}")
    return n


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Environment: PEERS_WORKDIR (default benchmarks/peers/, where `make peers` installs "
        "them): a folder with node_modules/@11ty/eleventy and venv/bin/mkdocs; hugo is looked "
        "up on PATH.",
    )
    parser.add_argument(
        "--sizes",
        type=page_count,
        nargs="+",
        default=[1000, 10000],
        metavar="N",
        help="corpus sizes in pages, e.g. 1000 10000 50000 100000 (default: 1000 10000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="builds per size (default: 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also build each size with Hugo, Eleventy and MkDocs (make peers installs them)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile one build of the largest size with cProfile",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--stages-of",
        nargs=3,
        type=Path,
        metavar=("CONTENT", "OUT", "CACHE"),
        help=argparse.SUPPRESS,
    )  # internal: one timed build, JSON on stdout
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.stages_of:
        print(json.dumps(stages_in_process(*args.stages_of)))
        return 0

    tools: dict[str, Path] = {}
    if args.peers:
        found = find_peers(peers_workdir())
        problem = missing_peers(found)
        if problem:
            parser.exit(2, problem + "\n")  # before minutes of building, not after
        tools = {tool: path for tool, path in found.items() if path is not None}
    started_info = machine()
    outs, where = out_root(max(args.sizes))
    try:
        ours, peers = [], []
        for n in sorted(args.sizes):
            mine, theirs = bench_size(n, args.runs, args.seed, outs, tools)
            ours.append(mine)
            peers += theirs
        profile = None
        if args.profile:
            profile = profile_build(max(args.sizes), args.seed, outs)
            profile["timed_by_size"] = [stage_build(n, args.seed, outs) for n in sorted(args.sizes)]
            profile["timed"] = profile["timed_by_size"][-1]
    finally:
        shutil.rmtree(outs, ignore_errors=True)
    info = machine()
    if started_info["commit"] != info["commit"] or started_info["dirty"] != info["dirty"]:
        info["commit"] = f"{started_info['commit']} (at start) to {info['commit']} (at end)"
    text = report(ours, peers, where, info, profile)
    print(text)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "where": where,
                    "ours": ours,
                    "peers": peers,
                    "profile": profile,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
