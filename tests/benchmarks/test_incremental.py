"""The incremental build benchmark's own parts: its edits change the working copy and never the
corpus it is linked to, the edited tree still passes its checks, and the table it prints. The
benchmark itself builds for minutes and is never part of the suite."""

from __future__ import annotations

from app.content import load_content
from benchmarks import incremental as bench
from benchmarks.make_corpus import make_corpus


def _corpus_and_copy(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 30, seed=7)
    return corpus, bench.working_copy(corpus, tmp_path / "copy")


def test_edits_change_the_copy_and_never_the_corpus(tmp_path):
    corpus, copy = _corpus_and_copy(tmp_path)
    page = bench.pages_of(copy)[3]
    original = (corpus / page.relative_to(copy)).read_text()
    assert page.stat().st_ino == (corpus / page.relative_to(copy)).stat().st_ino  # linked
    bench.edit_body(page)
    body_edited = page.read_text()
    bench.edit_title(page, 2)
    assert (corpus / page.relative_to(copy)).read_text() == original
    assert body_edited != original and len(body_edited) == len(original)
    assert "(revised 2)" in page.read_text().split("\n---\n")[0]
    assert not list(copy.rglob(".*.edit"))


def test_the_edited_tree_still_builds(tmp_path):
    _corpus, copy = _corpus_and_copy(tmp_path)
    for run, page in enumerate(bench.pages_of(copy)[:5], start=1):
        bench.edit_body(page)
        bench.edit_title(page, run)
    _site, problems = load_content(copy)
    # the generated text is the peers', word for word: the style lint may find fault with it
    others = [p for p in problems.warnings if "[style/" not in p.message]
    assert problems.errors == [] and others == []


def _run(wall, written, cache="used"):
    return {
        "wall": wall,
        "written": written,
        "rendered": written // 2,
        "cache": cache,
        "rss_kb": 512_000,
    }


def test_the_table_gives_medians_ratios_and_the_targets_at_national_scale():
    info = {
        "nproc": 2,
        "cpu": "test CPU",
        "ram_gb": 8,
        "python": "3.11",
        "commit": "abc1234",
        "dirty": [],
        "date": "2026-11-29 23:00 UTC",
    }
    results = {
        "n": 100_000,
        "files": 400_000,
        "clean": {**_run(800.0, 400_000, "ignored"), "via": "/usr/bin/time -v"},
        "kinds": {
            "no change": [_run(40.0, 0), _run(2.0, 0), _run(2.5, 0)],
            "body edit": [_run(4.0, 4), _run(6.0, 4), _run(4.5, 4)],
            "title change": [_run(16.0, 20), _run(17.0, 20), _run(18.0, 20)],
        },
    }
    table = bench.report(results, "tmpfs (/dev/shm)", info, "python benchmarks/incremental.py")
    assert (
        "| no change | 40.00 / 2.00 / 2.50 | 2.50 | 0.003 | 0 / 0 / 0 | 0 / 0 / 0 | used | 500 "
        "| ≤ 3 s: met |" in (table)
    )
    assert "| body edit | 4.00 / 6.00 / 4.50 | 4.50 |" in table and "≤ 5 s: met" in table
    assert "≤ 15 s: not met" in table
    assert "commit abc1234" in table


def test_pages_default_to_ten_thousand_and_must_be_a_count():
    assert bench.make_parser().parse_args([]).pages == 10000
    assert bench.make_parser().parse_args(["--pages", "1000", "--runs", "1"]).runs == 1


def test_every_build_of_the_benchmark_keeps_its_cache_beside_its_site(tmp_path):
    command = bench.build_command(tmp_path / "tree", tmp_path / "outs")
    assert command[command.index("--cache") + 1] == str(tmp_path / "outs" / "cache")
    assert command.count("--cache") == 1 and "--clean" not in command
