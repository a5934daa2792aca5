"""The build benchmark's own parts: its options, where it finds the peer tools and what it says
when they are missing, the side-by-side table, the stage timings of --profile (one real build of
the sample content), and that it needs nothing outside the repository. The benchmark itself runs
for minutes and is never part of the suite."""

from __future__ import annotations

import importlib
import json
import re
import stat
import subprocess
import sys

import pytest

from benchmarks import build as bench
from tests.conftest import ROOT, SAMPLE


def _executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_sizes_go_to_national_scale_and_results_to_json(tmp_path):
    args = bench.make_parser().parse_args(
        ["--sizes", "1000", "10000", "50000", "100000", "--peers", "--json", str(tmp_path / "r")]
    )
    assert args.sizes == [1000, 10000, 50000, 100000]
    assert args.peers and args.json == tmp_path / "r"


@pytest.mark.parametrize("size", ["0", "-5", "ten"])
def test_a_size_that_is_not_a_page_count_is_refused(size, capsys):
    with pytest.raises(SystemExit) as stopped:
        bench.make_parser().parse_args(["--sizes", size])
    assert stopped.value.code == 2
    assert "--sizes" in capsys.readouterr().err


def test_the_peers_are_found_where_make_peers_puts_them(monkeypatch):
    monkeypatch.delenv("PEERS_WORKDIR", raising=False)
    assert bench.peers_workdir() == ROOT / "benchmarks" / "peers"
    assert (ROOT / "benchmarks" / "peers" / "package-lock.json").is_file()
    assert (ROOT / "benchmarks" / "peers" / "requirements.txt").is_file()


def test_peers_workdir_can_point_elsewhere(tmp_path, monkeypatch):
    workdir = tmp_path / "peers"
    eleventy = _executable(workdir / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs")
    mkdocs = _executable(workdir / "venv" / "bin" / "mkdocs")
    bin_dir = tmp_path / "bin"
    hugo = _executable(bin_dir / "hugo")
    _executable(bin_dir / "node")
    monkeypatch.setenv("PEERS_WORKDIR", str(workdir))

    found = bench.find_peers(bench.peers_workdir(), path=str(bin_dir))

    assert found == {"hugo": hugo, "eleventy": eleventy, "mkdocs": mkdocs}
    assert bench.missing_peers(found) is None


def test_missing_peers_are_named_with_how_to_install_them(tmp_path):
    found = bench.find_peers(tmp_path, path=str(tmp_path))
    assert found == {"hugo": None, "eleventy": None, "mkdocs": None}
    message = bench.missing_peers(found)
    assert "hugo, eleventy, mkdocs not installed" in message
    assert "make peers" in message and "PEERS_WORKDIR" in message


def test_eleventy_without_node_is_missing(tmp_path):
    _executable(tmp_path / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs")
    assert bench.find_peers(tmp_path, path=str(tmp_path))["eleventy"] is None


def test_asking_for_missing_peers_stops_before_building(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PEERS_WORKDIR", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    corpus = bench.WORK / "corpus-7-1"
    with pytest.raises(SystemExit) as stopped:
        bench.main(["--sizes", "7", "--seed", "1", "--peers"])
    assert stopped.value.code == 2
    assert "make peers" in capsys.readouterr().err
    assert not corpus.exists()


def _row(n, median, cpu, **extra):
    return {
        "n": n,
        "walls": [median],
        "median": median,
        "cpu": cpu,
        "rss_mb": 100.0,
        "html_files": n,
        **extra,
    }


def test_the_side_by_side_table_gives_wall_and_cpu_ratios():
    ours = [_row(10000, 52.5, 100.0)]
    peers = [
        _row(10000, 9.9, 12.5, tool="eleventy", version="3.1.8"),
        _row(10000, 3.75, 8.0, tool="hugo", version="0.111.3"),
        _row(1000, 1.0, 1.0, tool="hugo", version="0.111.3"),  # a size we did not build
    ]
    lines = bench.peer_table(ours, peers)
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = [
        dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True))
        for line in lines[2:]
    ]

    assert [r["tool"] for r in rows] == ["portal (site + index)", "eleventy 3.1.8", "hugo 0.111.3"]
    eleventy, hugo = rows[1], rows[2]
    assert (eleventy["wall ratio"], eleventy["CPU ratio"]) == ("5.30", "8.00")
    assert (hugo["wall ratio"], hugo["CPU ratio"]) == ("14.00", "12.50")
    assert rows[0]["median s"] == "52.50"


def test_the_harness_needs_nothing_outside_the_repository():
    absolute = re.compile(r"(?<![\w.:/])/(?:work|home|tmp|Users)/[\w./-]+")
    files = [*(ROOT / "benchmarks").glob("*.py"), ROOT / "benchmarks" / "peers" / "install.sh"]
    files += [p for p in (ROOT / "benchmarks" / "peers" / "sites").rglob("*") if p.is_file()]
    for path in files:
        assert not absolute.findall(path.read_text(encoding="utf-8")), path


def test_each_benchmark_build_has_its_own_cache_folder(tmp_path):
    command = bench.our_command(tmp_path / "c", tmp_path / "o", tmp_path / "i", tmp_path / "k")
    assert command[command.index("--cache") + 1] == str(tmp_path / "k")


def test_every_timed_function_is_where_the_build_looks_it_up():
    for _stage, module, name in bench.TIMED_FUNCTIONS:
        owner = importlib.import_module(module)
        for part in name.split("."):
            owner = getattr(owner, part)
        assert callable(owner), (module, name)
    labelled = {key for key, _label in bench.STAGE_LABELS}
    assert {stage for stage, _m, _n in bench.TIMED_FUNCTIONS} <= labelled
    assert set(bench.BUILD_PARTS) | set(bench.LOAD_PARTS) <= labelled


def test_a_timed_function_the_build_lost_stops_the_timing(monkeypatch):
    monkeypatch.setattr(bench, "TIMED_FUNCTIONS", [("gone", "app.pipeline", "no_such_stage")])
    with pytest.raises(AttributeError):
        bench.wrap_stages({})


def test_the_stages_of_a_real_build_add_up_to_the_build(tmp_path):
    out, cache = tmp_path / "site", tmp_path / "cache"
    command = [sys.executable, "benchmarks/build.py", "--stages-of", str(SAMPLE), str(out)]
    command.append(str(cache))
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    stats = bench.add_remainders(json.loads(done.stdout.splitlines()[-1]))

    assert {stage for stage, _m, _n in bench.TIMED_FUNCTIONS} <= set(stats)  # every stage ran
    assert (out / "index.html").is_file() and (cache / "state.pickle").is_file()
    assert stats["calls:page_pass"] == 1 and stats["calls:check_pages"] > 50
    parts = sum(stats[k] for k in bench.BUILD_PARTS)
    assert parts <= stats["build"] and stats["other"] < 0.25 * stats["build"]
    assert 0 <= stats["load_rest"] < stats["load"]
    assert stats["cpu:page_pass"] > 0


def test_the_stage_table_says_how_much_of_the_build_the_stages_cover():
    stats = {key: 0.0 for key, _label in bench.STAGE_LABELS}
    stats.update(build=10.0, load=6.0, page_pass=4.0, read=1.0, assets=2.0, cache=1.0)
    for key in ("build", "load", "page_pass", "read", "assets", "cache"):
        stats[f"cpu:{key}"] = stats[key]
    bench.add_remainders(stats)
    assert (stats["other"], stats["load_rest"]) == (1.0, 1.0)
    lines = bench.stage_table(stats)
    assert "add up to 9.00 s of the build's 10.00 s (90 %)" in lines[-1]
    assert "83 % of load" in lines[-1]
