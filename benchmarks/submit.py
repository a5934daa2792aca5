#!/usr/bin/env python3
"""Benchmark API submissions on SQLite and PostgreSQL beside a do-nothing Flask endpoint.

    python benchmarks/submit.py [--seconds 10] [--connections 8] [--no-postgres] [--files]

Each target runs under gunicorn with 2 workers on loopback; wrk (Debian package) posts the same
valid report-a-pothole answers (`POST /api/v1/forms/report-a-pothole/submissions`, the sample
form) with 2 threads and --connections connections for --seconds, after a 2-second warm-up, and
reports submissions a second and latency percentiles under that load. The floor is
benchmarks/do_nothing_app.py: Flask reading the same JSON body and answering 201. SQLite is a file
on this machine's disk (WAL, synchronous commits); PostgreSQL is a throwaway database on the local
server (skipped when none answers). Afterwards the stored rows are counted: every 201 wrk saw must
be in the database. Rate limits are switched off for the run (they would measure the limiter).
Prints a Markdown table with ratios to the do-nothing endpoint and the targets.

With --files, the runs are of submissions with a photo instead: each of --connections clients (a
thread each, as wrk cannot chain two requests) uploads a photo to `POST …/files` (a 1600x1200 JPG
with EXIF, re-encoded without it, as the sample form's photo question says), then submits answers
naming it, for --seconds. It reports the pairs a second, each pair's latency percentiles, the
gunicorn workers' peak memory (VmHWM) and the rows: every 201 with its file attached.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from serving import free_port, run_description, start_gunicorn, stop  # noqa: E402

FORM = "report-a-pothole"
PATH = f"/api/v1/forms/{FORM}/submissions"
ANSWERS = {
    "location-type": "road",
    "road-name": "Mill Lane",
    "town": "Northby",
    "postcode": "NM1 2AB",
    "where-on-road": "Outside number 14",
    "pothole-size": "medium",
    "harm": "no",
    "email": "citizen@example.com",
}
POSTGRES_ADMIN = os.environ.get("PORTAL_TEST_POSTGRES_URL", "postgresql://localhost/postgres")
WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("SUBMIT_BODY")
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, path: str, body: str, seconds: int, connections: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "post.lua"
        script.write_text(WRK_SCRIPT)
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}{path}",
            ],
            env={**os.environ, "SUBMIT_BODY": body},
            capture_output=True,
            text=True,
            check=True,
        )
    out = result.stdout
    percentiles = {
        int(p): float(v) * UNITS[u]
        for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", out, re.MULTILINE)
    }
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": percentiles[50],
        "p99": percentiles[99],
        "requests": requests,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def measure(
    name: str, target: str, env: dict, path: str, seconds: int, connections: int, count_rows=None
) -> dict:
    body = json.dumps({"answers": ANSWERS})
    port = free_port()
    server = start_gunicorn(target, env, port)
    try:
        wrk(port, path, body, 2, connections)  # warm-up: workers open the database, caches fill
        before = count_rows() if count_rows else 0
        row = wrk(port, path, body, seconds, connections)
    finally:
        stop(server)
    row["name"] = name
    row["stored"] = count_rows() - before if count_rows else None
    return row


def portal_env(database_url: str, work: Path) -> dict:
    return {
        "PORTAL_CONTENT_DIR": str(ROOT / "content"),
        "PORTAL_DIST_DIR": str(work / "dist"),
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": uuid.uuid4().hex,
        "PORTAL_RATELIMIT_ENABLED": "false",
    }


def row_counter(database_url: str):
    from app.store import init_db

    engine = init_db(database_url)  # migrated before gunicorn starts, as a deployment would

    def count() -> int:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT count(*) FROM submissions").scalar_one()

    return count


def postgres_database():
    """A new database on the local server and a function that drops it; None without a server."""
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        admin_url = make_url(POSTGRES_ADMIN)
        admin = psycopg.connect(
            dbname=admin_url.database or "postgres",
            host=admin_url.host,
            user=admin_url.username,
            password=admin_url.password,
            port=admin_url.port,
            autocommit=True,
            connect_timeout=3,
        )
    except Exception as error:  # no server here: say so and carry on with SQLite
        print(f"PostgreSQL skipped: {str(error).strip().splitlines()[0]}", file=sys.stderr)
        return None
    name = f"portal_bench_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url, drop


def a_photo() -> bytes:
    """A phone photo's size and shape: 1600x1200 of noise (so JPEG cannot shrink it to nothing),
    with EXIF."""
    import io

    from PIL import Image

    image = Image.effect_noise((1600, 1200), 40).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def multipart(photo: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="page"\r\n\r\nphoto\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="pothole.jpg"'
            "\r\nContent-Type: image/jpeg\r\n\r\n"
        ).encode()
        + photo
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def upload_and_submit(port: int, seconds: float, connections: int, photo: bytes) -> dict:
    """`connections` clients, each uploading the photo and submitting answers naming it, again
    and again for `seconds`: pairs a second and each pair's latency."""
    import http.client
    import threading
    import time

    body, content_type = multipart(photo)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    ends = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < ends:
            started = time.monotonic()
            connection.request(
                "POST", f"/api/v1/forms/{FORM}/files", body, {"Content-Type": content_type}
            )
            uploaded = connection.getresponse()
            made = json.loads(uploaded.read())
            if uploaded.status != 201:
                failures.append(f"upload {uploaded.status}: {made.get('detail', '')[:80]}")
                break  # the server may have closed the connection
            answers = json.dumps({"answers": {**ANSWERS, "photo": made["id"]}})
            connection.request("POST", PATH, answers, {"Content-Type": "application/json"})
            submitted = connection.getresponse()
            submitted.read()
            with lock:
                if submitted.status == 201:
                    latencies.append((time.monotonic() - started) * 1000)
                else:
                    failures.append(f"submit {submitted.status}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    latencies.sort()

    def percentile(p: int) -> float:
        return latencies[min(len(latencies) - 1, len(latencies) * p // 100)] if latencies else 0

    return {
        "rate": len(latencies) / took,
        "p50": percentile(50),
        "p99": percentile(99),
        "requests": len(latencies),
        "non_2xx": len(failures),
        "failures": failures,
    }


def peak_memory_mib(master: int) -> float:
    """The largest peak resident memory (VmHWM) of the master's worker processes, in MiB."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master):
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)


def measure_files(name: str, env: dict, seconds: int, connections: int, count_rows) -> dict:
    photo = a_photo()
    port = free_port()
    server = start_gunicorn("app:create_app()", env, port)
    try:
        upload_and_submit(port, 2, connections, photo)  # warm-up
        before = count_rows()
        row = upload_and_submit(port, seconds, connections, photo)
        row["memory"] = peak_memory_mib(server.pid)
    finally:
        stop(server)
    row["name"], row["stored"], row["photo_kib"] = name, count_rows() - before, len(photo) / 1024
    return row


def file_row_counter(database_url: str):
    """Submissions with their photo attached (each pair stores one of each)."""
    from app.store import init_db

    engine = init_db(database_url)

    def count() -> int:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT count(*) FROM submissions JOIN uploads "
                "ON uploads.reference = submissions.reference"
            ).scalar_one()

    return count


def main_files(args, work: Path) -> int:
    rows = []
    sqlite_url = f"sqlite:///{work / 'portal.db'}"
    rows.append(
        measure_files(
            "portal on SQLite, with a photo",
            portal_env(sqlite_url, work),
            args.seconds,
            args.connections,
            file_row_counter(sqlite_url),
        )
    )
    postgres = None if args.no_postgres else postgres_database()
    if postgres:
        url, drop = postgres
        try:
            rows.append(
                measure_files(
                    "portal on PostgreSQL, with a photo",
                    portal_env(url, work),
                    args.seconds,
                    args.connections,
                    file_row_counter(url),
                )
            )
        finally:
            drop()
    print(run_description())
    print(
        f"gunicorn 2 workers; {args.connections} clients each uploading a "
        f"{rows[0]['photo_kib']:.0f} KiB JPG then submitting, for {args.seconds}s, same machine.\n"
    )
    print(
        "| target | submissions/s | p50 ms | p99 ms | peak worker memory MiB | pairs | "
        "failed | with their file |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['name']} | {row['rate']:.1f} | {row['p50']:.0f} | {row['p99']:.0f} | "
            f"{row['memory']:.0f} | {row['requests']} | {row['non_2xx']} | {row['stored']} |"
        )
    for row in rows:
        if row["failures"]:
            print(f"  {row['name']}: {row['failures'][0]}")
    lost = [r["name"] for r in rows if r["stored"] < r["requests"]]
    print("Every 201 stored with its file: " + ("yes" if not lost else f"NO, on {lost}"))
    return 0 if not lost else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument("--no-postgres", action="store_true", help="measure SQLite only")
    parser.add_argument(
        "--files", action="store_true", help="submissions with a photo: upload, then submit"
    )
    args = parser.parse_args()
    if not args.files and not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    (BENCH / "work").mkdir(exist_ok=True)  # on this machine's disk, as a deployment's would be
    work = Path(tempfile.mkdtemp(prefix="submit-", dir=BENCH / "work"))
    (work / "dist").mkdir()
    if args.files:
        try:
            return main_files(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    rows = []
    try:
        rows.append(
            measure(
                "do-nothing Flask endpoint",
                "benchmarks.do_nothing_app:app",
                {},
                "/submit",
                args.seconds,
                args.connections,
            )
        )
        sqlite_url = f"sqlite:///{work / 'portal.db'}"
        rows.append(
            measure(
                "portal on SQLite",
                "app:create_app()",
                portal_env(sqlite_url, work),
                PATH,
                args.seconds,
                args.connections,
                row_counter(sqlite_url),
            )
        )
        postgres = None if args.no_postgres else postgres_database()
        if postgres:
            url, drop = postgres
            try:
                rows.append(
                    measure(
                        "portal on PostgreSQL",
                        "app:create_app()",
                        portal_env(url, work),
                        PATH,
                        args.seconds,
                        args.connections,
                        row_counter(url),
                    )
                )
            finally:
                drop()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(run_description())
    print(
        f"gunicorn 2 workers (sync); wrk -t2 -c{args.connections} -d{args.seconds}s --latency, "
        "same machine.\n"
    )
    print(
        "| target | requests/s | p50 ms | p99 ms | x do-nothing rate | requests | non-2xx | "
        "rows stored |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    floor = rows[0]["rate"]
    for row in rows:
        stored = "" if row["stored"] is None else str(row["stored"])
        print(
            f"| {row['name']} | {row['rate']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['rate'] / floor:.2f} | {row['requests']} | {row['non_2xx']} | {stored} |"
        )
        if row["socket_errors"]:
            print(f"  socket errors: {row['socket_errors']}")
    sqlite = rows[1]
    print(
        f"\nTargets on SQLite: >= 500 submissions/s: "
        f"{'met' if sqlite['rate'] >= 500 else 'NOT met'}; p99 <= 50 ms: "
        f"{'met' if sqlite['p99'] <= 50 else 'NOT met'}; >= half the do-nothing rate: "
        f"{'met' if sqlite['rate'] >= floor / 2 else 'NOT met'}."
    )
    lost = [
        r["name"]
        for r in rows[1:]
        if r["stored"] is not None and r["stored"] < r["requests"] - r["non_2xx"]
    ]
    print("Every 201 stored: " + ("yes" if not lost else f"NO, missing on {', '.join(lost)}"))
    return 0 if not lost else 1


if __name__ == "__main__":
    sys.exit(main())
