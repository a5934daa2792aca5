"""The load run through nginx (issue 13): the production shape of the production test (nginx in
front of two gunicorn servers with 2 workers each, a delivery worker beside each, PostgreSQL,
Redis), driven by wrk with a mix of pages, searches, form journeys and API submissions
(benchmarks/wrk/mixed.lua), and nginx serving the static pages alone for comparison.

    python benchmarks/production_load.py [--seconds 60] [--step-seconds 10] [--p99-ms 200]

First a warm-up run, not measured (each gunicorn worker opens the search index and the
database on its first requests: a few hundred milliseconds that would otherwise be a short
step's p99). Then wrk keeps a fixed number of clients busy, each sending its next request when
the last is answered, and the rate is stepped through the number of clients (1, 2, 4 … 64) for
--step-seconds each. Where even one busy client's p99 is above --p99-ms (a shared, loaded
machine), the rate is instead set below one client's: a few clients pause between requests
(wrk's delay()) and the rate is halved towards the bound in --bisect steps. The highest rate
within the bound is then run for --seconds. The same is done for the static pages alone.

Needs wrk (apt-get install wrk), nginx, redis-server and PostgreSQL: a server of its own, as
the production test makes (tests/production/postgres.py: initdb and pg_ctl, as the `postgres`
user when run as root), here with fsync on; else a database on the machine's server
(PORTAL_TEST_POSTGRES_URL or postgresql://localhost/postgres) through the test's proxy. A
benchmark, not a test: make test never runs it. Rate limits are raised out of the way (one
machine sends everything from one address).
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serving import run_description  # noqa: E402
from tests.production.conftest import running_portal  # noqa: E402
from tests.production.postgres import database_server  # noqa: E402

SCRIPT = ROOT / "benchmarks" / "wrk" / "mixed.lua"
CLIENTS = (1, 2, 4, 8, 16, 32, 64)
PACED_CLIENTS = 4  # clients that pause between requests, for rates below one busy client's
WARM_UP = (4, 5)  # clients, seconds
UNLIMITED = {
    "RATELIMIT_PUBLIC_WRITES": "1000000 per minute",
    "RATELIMIT_SEARCH": "1000000 per minute",
}


class WrkFailed(RuntimeError):
    """wrk ended without its RESULT line: what it printed says why."""


def wrk(base: str, clients: int, seconds: int, static_only: bool, rate: float = 0.0) -> dict:
    """One wrk run of `clients` threads with a connection each, at `rate` requests a second in
    all (0: as fast as answers come); its RESULT line as a dict."""
    env = {
        "STATIC_ONLY": "1" if static_only else "0",
        "CLIENTS": str(clients),
        "RATE": f"{rate:.3f}",
        "PATH": "/usr/bin:/bin",
    }
    command = [shutil.which("wrk") or "wrk", f"-t{clients}", f"-c{clients}", f"-d{seconds}s"]
    command += ["--timeout", "10s", "-s", str(SCRIPT), base]
    completed = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=seconds + 60
    )
    line = next((li for li in completed.stdout.splitlines() if li.startswith("RESULT ")), None)
    if completed.returncode != 0 or line is None:
        raise WrkFailed(
            f"wrk exited with {completed.returncode}: {completed.stderr[-2000:]}"
            f"{completed.stdout[-2000:]}"
        )
    result = json.loads(line.removeprefix("RESULT "))
    result.update(clients=clients, target=rate, rate=result["requests"] / result["seconds"])
    return result


def describe(result: dict) -> str:
    paced = f" paced at {result['target']:.1f}/s" if result["target"] else ""
    text = (
        f"{result['clients']:>3} clients{paced}: {result['rate']:8.1f} req/s, p50 "
        f"{result['p50_ms']:6.1f} ms, p99 {result['p99_ms']:7.1f} ms, max "
        f"{result['max_ms']:7.1f} ms, errors {result['status_errors']} status / "
        f"{result['socket_errors']} socket"
    )
    if result["journeys"] or result["submissions"]:
        text += (
            f", {result['journeys']} journeys ({result['journey_failures']} broken off), "
            f"{result['submissions']} API submissions"
        )
    return text


def within(result: dict, p99_ms: float) -> bool:
    errors = result["socket_errors"] + result["status_errors"] + result["journey_failures"]
    return result["p99_ms"] <= p99_ms and errors == 0


def step(base: str, clients: int, seconds: int, static_only: bool, rate: float = 0.0) -> dict:
    result = wrk(base, clients, seconds, static_only, rate)
    print("  step", describe(result), flush=True)
    return result


def by_clients(base: str, seconds: int, p99_ms: float, static_only: bool) -> list[dict]:
    """Busy clients, doubled until the p99 passes the bound: every step's result."""
    results = []
    for clients in CLIENTS:
        results.append(step(base, clients, seconds, static_only))
        if not within(results[-1], p99_ms):
            break
    return results


def by_pacing(base: str, seconds: int, p99_ms: float, ceiling: float, halvings: int) -> list:
    """Rates below `ceiling` (one busy client's), bisected towards the bound."""
    low, high, results = 0.0, ceiling, []
    for _ in range(halvings):
        rate = (low + high) / 2
        results.append(step(base, PACED_CLIENTS, seconds, False, rate))
        low, high = (rate, high) if within(results[-1], p99_ms) else (low, rate)
    return results


def highest(base: str, args, static_only: bool) -> dict | None:
    """The step with the highest rate within the bound, or None."""
    results = by_clients(base, args.step_seconds, args.p99_ms, static_only)
    if not within(results[0], args.p99_ms) and not static_only:
        print(f"  one busy client's p99 is above {args.p99_ms:g} ms: pacing the clients")
        results = by_pacing(base, args.step_seconds, args.p99_ms, results[0]["rate"], args.bisect)
    good = [r for r in results if within(r, args.p99_ms)]
    return max(good, key=lambda r: r["rate"], default=None)


def measure(portal, args) -> int:
    wrk(portal.base, *WARM_UP, static_only=False)
    results = {}
    for name, static_only in (("mixed", False), ("static pages alone", True)):
        print(f"{name}: stepping the rate ({args.step_seconds} s each)", flush=True)
        chosen = highest(portal.base, args, static_only)
        if chosen is None:
            print(f"{name}: no rate tried kept the p99 within {args.p99_ms:g} ms", flush=True)
            return 1
        final = wrk(portal.base, chosen["clients"], args.seconds, static_only, chosen["target"])
        verdict = "within" if within(final, args.p99_ms) else "NOT within"
        print(f"{name}, {args.seconds} s:", describe(final), f"({verdict} the bound)", flush=True)
        results[name] = final
    ratio = results["mixed"]["rate"] / results["static pages alone"]["rate"]
    print(f"mixed / static pages alone: {ratio:.4f} ({1 / ratio:.0f} times fewer)")
    print(
        f"submissions stored: {len(portal.references())}, "
        f"not yet delivered: {portal.undelivered()}",
        flush=True,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="the length of the final run")
    parser.add_argument("--step-seconds", type=int, default=10, help="the length of each step")
    parser.add_argument("--p99-ms", type=float, default=200.0, help="the latency bound")
    parser.add_argument("--bisect", type=int, default=4, help="paced steps, when paced")
    args = parser.parse_args(argv)
    for program in ("wrk", "nginx", "redis-server"):
        if shutil.which(program) is None and not Path(f"/usr/sbin/{program}").exists():
            parser.error(f"{program} is not installed (apt-get install {program})")
    print(run_description(), flush=True)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the agency receiver's request lines
    database = database_server(durable=True)
    print("PostgreSQL:", "a server of its own, fsync on" if database.real else database.notice)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="portal-load-") as folder,
            running_portal(Path(folder), shutil.which("redis-server"), database, **UNLIMITED) as p,
        ):
            return measure(p, args)
    finally:
        database.remove()


if __name__ == "__main__":
    sys.exit(main())
