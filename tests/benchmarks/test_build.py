"""The build benchmark's own parts: its options, where it finds the peer tools and what it says
when they are missing, the side-by-side table, and that it needs nothing outside the repository.
The benchmark itself runs for minutes and is never part of the suite."""

from __future__ import annotations

import re
import stat

import pytest

from benchmarks import build as bench
from tests.conftest import ROOT


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
