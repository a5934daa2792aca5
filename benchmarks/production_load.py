"""The load run through nginx (issue 13): the production shape of the production test (nginx in
front of two gunicorn servers with 2 workers each, a delivery worker beside each, PostgreSQL,
Redis), driven by wrk with a mix of pages, searches, form journeys and API submissions
(benchmarks/wrk/mixed.lua), and nginx serving the static pages alone for comparison.

    python benchmarks/production_load.py [--seconds 60] [--step-seconds 10] [--p99-ms 200]

wrk keeps a fixed number of clients busy, each sending its next request when the last is
answered, so the rate is stepped through the number of clients (1, 2, 4 … 64): each step runs
--step-seconds, and the highest request rate whose p99 stays within --p99-ms is then run for
--seconds. The same is done for the static pages alone. Needs wrk (apt-get install wrk),
nginx, redis-server and a PostgreSQL it can make a database on (as the tests: PORTAL_TEST_
POSTGRES_URL or postgresql://localhost/postgres). A benchmark, not a test: make test never runs
it. Rate limits are raised out of the way (one machine sends everything from one address).
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
from tests.production.conftest import _admin_connection, running_portal  # noqa: E402

SCRIPT = ROOT / "benchmarks" / "wrk" / "mixed.lua"
CLIENTS = (1, 2, 4, 8, 16, 32, 64)
UNLIMITED = {
    "RATELIMIT_PUBLIC_WRITES": "1000000 per minute",
    "RATELIMIT_SEARCH": "1000000 per minute",
}


def wrk(base: str, clients: int, seconds: int, static_only: bool) -> dict:
    """One wrk run of `clients` threads with a connection each; its RESULT line as a dict."""
    env = {"STATIC_ONLY": "1" if static_only else "0", "PATH": "/usr/bin:/bin"}
    completed = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            f"-t{clients}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(SCRIPT),
            base,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    line = next(li for li in completed.stdout.splitlines() if li.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["clients"] = clients
    result["rate"] = result["requests"] / result["seconds"]
    return result


def describe(result: dict) -> str:
    text = (
        f"{result['clients']:>3} clients: {result['rate']:8.1f} req/s, p50 "
        f"{result['p50_ms']:6.1f} ms, p99 {result['p99_ms']:7.1f} ms, errors "
        f"{result['status_errors']} status / {result['socket_errors']} socket"
    )
    if result["journeys"] or result["submissions"]:
        text += (
            f", {result['journeys']} journeys ({result['journey_failures']} broken off), "
            f"{result['submissions']} API submissions"
        )
    return text


def best(base: str, step_seconds: int, p99_ms: float, static_only: bool) -> dict | None:
    """The step with the highest rate whose p99 is within the bound (steps stop past it)."""
    chosen = None
    for clients in CLIENTS:
        result = wrk(base, clients, step_seconds, static_only)
        print("  step", describe(result), flush=True)
        within = result["p99_ms"] <= p99_ms and not result["socket_errors"]
        if within and (chosen is None or result["rate"] > chosen["rate"]):
            chosen = result
        if not within:
            break
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="the length of the final run")
    parser.add_argument("--step-seconds", type=int, default=10, help="the length of each step")
    parser.add_argument("--p99-ms", type=float, default=200.0, help="the latency bound")
    args = parser.parse_args(argv)
    for program in ("wrk", "nginx", "redis-server"):
        if shutil.which(program) is None and not Path(f"/usr/sbin/{program}").exists():
            parser.error(f"{program} is not installed (apt-get install {program})")
    print(run_description())
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the agency receiver's request lines
    admin = _admin_connection()
    with (
        tempfile.TemporaryDirectory(prefix="portal-load-") as folder,
        running_portal(Path(folder), shutil.which("redis-server"), admin, **UNLIMITED) as portal,
    ):
        results = {}
        for name, static_only in (("mixed", False), ("static pages alone", True)):
            print(f"{name}: stepping the number of clients ({args.step_seconds} s each)")
            chosen = best(portal.base, args.step_seconds, args.p99_ms, static_only)
            if chosen is None:
                print(f"{name}: even one client's p99 is above {args.p99_ms:g} ms")
                return 1
            final = wrk(portal.base, chosen["clients"], args.seconds, static_only)
            print(f"{name}, {args.seconds} s:", describe(final), flush=True)
            results[name] = final
        ratio = results["mixed"]["rate"] / results["static pages alone"]["rate"]
        print(f"mixed / static pages alone: {ratio:.3f} ({1 / ratio:.1f} times fewer)")
        undelivered = portal.undelivered()
        print(f"submissions stored: {len(portal.references())}, not yet delivered: {undelivered}")
    admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
