"""The production test: the whole portal driven through nginx, in front of two app servers with
a delivery worker each, PostgreSQL and Redis; then faults, each checked for what the citizen or
the agency saw and for every accepted submission delivered once.

The tests run in this order on one portal (conftest.py), each leaving it whole again."""

from __future__ import annotations

import gzip
import signal
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest

from app.agency.keys import create_key
from tests.api.conftest import ROAD_REPORT  # the API's road report
from tests.forms.test_web import POTHOLE_ROAD as JOURNEY  # the same report, page by page

from .citizen import Citizen, csrf_token
from .postgres import back_up, restore
from .stack import AppServer, end, wait_until

pytestmark = pytest.mark.production

FORM = "/forms/report-a-pothole"
API = "/api/v1/forms/report-a-pothole"
# What an agency's system may see from the API while a server or the database fails: nginx's
# 502 for a request cut off with its server, the service's 503 "try again" while the database
# is away. Either way it sends again with the same Idempotency-Key.
TRY_AGAIN = {502, 503, 504}
# One round (a page, a search, a submission) a second for each client of a Load: 60 of the 120
# public writes a minute a client may make, with room for the try-agains of an outage (every
# 0.2 s while it lasts), and 60 of its 300 searches.
ROUND_SECONDS = 1.0
ACCEPTED: set[str] = set()  # every reference the portal accepted in this module
SENT_AGAIN: set[str] = set()  # sent again, with the same webhook-id, after a worker was killed
KILLED_WORKERS_LEASE = 4  # seconds: `flask deliver --lease` of the worker killed mid-send


def path_of(location: str) -> str:
    return urllib.parse.urlsplit(location).path


def accepted(reference: str) -> str:
    ACCEPTED.add(reference)
    return reference


def fill_in(citizen: Citizen) -> tuple[str, list[str]]:
    """A citizen's whole pothole report through the pages; its reference and request ids."""
    ids = []
    started = citizen.get(FORM)
    assert started.status == 303, started.status
    url = path_of(started.headers["Location"])
    for fields in JOURNEY:
        page = citizen.get(url)
        assert page.status == 200, (url, page.status)
        sent = citizen.post_form(url, {**fields, "csrf_token": csrf_token(page)})
        assert sent.status == 303, (url, sent.status, sent.text[:500])
        ids += [page.request_id, sent.request_id]
        url = path_of(sent.headers["Location"])
    assert url == f"{FORM}/check-answers"
    check = citizen.get(url)
    sent = citizen.post_form(url, {"csrf_token": csrf_token(check)})
    assert sent.status == 303 and path_of(sent.headers["Location"]) == f"{FORM}/confirmation"
    done = citizen.get(f"{FORM}/confirmation")
    assert done.status == 200
    reference = done.soup().select_one(".app-reference").get_text(strip=True)
    ids += [check.request_id, sent.request_id, done.request_id]
    return accepted(reference), ids


def submit(citizen: Citizen, key: str | None = None, deadline: float = 90) -> list[int]:
    """An agency's system sending a report through the API, again with the same key after a
    try-again answer, until it is accepted; the statuses it saw."""
    key = key or str(uuid.uuid4())
    statuses = []
    ends = time.monotonic() + deadline
    while True:
        try:
            answer = citizen.post_json(
                f"{API}/submissions", {"answers": ROAD_REPORT}, {"Idempotency-Key": key}
            )
            status = answer.status
        except OSError:  # the connection itself failed: the same, to a client
            status = 0
        statuses.append(status)
        if status == 201:
            accepted(answer.json()["reference"])
            return statuses
        assert status in TRY_AGAIN | {0}, (status, answer.text[:500])
        assert time.monotonic() < ends, f"never accepted: {statuses}"
        time.sleep(0.2)  # a client's pause before trying again, not synchronisation


def delivered_exactly_once(portal, references: set[str], timeout: float = 90) -> None:
    """Every reference reaches the agency, none twice, and is stored once."""
    wait_until(
        lambda: references <= set(portal.receiver.references()),
        timeout,
        f"{len(references)} deliveries at the agency",
        0.2,
    )
    received = portal.receiver.references()
    assert [ref for ref, n in received.items() if n > 1 and ref not in SENT_AGAIN] == [], (
        "delivered twice"
    )
    for reference in SENT_AGAIN:  # the same message again, which the agency drops
        assert len({r.message_id for r in portal.receiver.receipts_of(reference)}) == 1
    assert references <= portal.references(), "an accepted submission was not stored"
    assert portal.receiver.forged == 0


@dataclass
class Load:
    """Citizens reading pages and searching, and agencies submitting, until told to stop."""

    portal: object
    threads: int = 3
    statuses: Counter = field(default_factory=Counter)
    submissions: list[list[int]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    errors: list[BaseException] = field(default_factory=list)

    def __enter__(self):
        self.running = [threading.Thread(target=self.run, daemon=True) for _ in range(self.threads)]
        for thread in self.running:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.running:
            thread.join(120)
        if self.errors:
            raise self.errors[0]

    def run(self) -> None:
        citizen = self.portal.citizen()
        try:
            while not self.stop.is_set():
                started = time.monotonic()
                for path in ("/apply-for-a-passport", "/search?q=passport"):
                    try:
                        self.statuses[(path, citizen.get(path).status)] += 1
                    except OSError as error:
                        self.statuses[(path, type(error).__name__)] += 1
                self.submissions.append(submit(citizen))
                # a client keeps under its rate limits, as a real one must: unpaced, a thread
                # on an idle machine sent more than 120 submissions a minute and got a 429
                self.stop.wait(ROUND_SECONDS - (time.monotonic() - started))
        except BaseException as error:  # noqa: BLE001 (reported by __exit__)
            self.errors.append(error)

    def wait_for(self, submissions: int, timeout: float = 90) -> None:
        wait_until(lambda: len(self.submissions) >= submissions, timeout, "submissions")


# -- the portal working --------------------------------------------------------------------


def test_pages_come_from_nginx_with_their_cache_headers_gzip_redirects_and_404(portal):
    citizen = portal.citizen()
    page = citizen.get("/apply-for-a-passport")
    assert page.status == 200, page.status
    assert page.headers["Cache-Control"] == "public, max-age=300"
    assert page.headers["X-Frame-Options"] == "DENY"
    zipped = citizen.get("/apply-for-a-passport", {"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == page.body
    stylesheet = page.soup().select_one("link[rel=stylesheet]")["href"]
    asset = citizen.get(stylesheet)
    assert asset.status == 200
    assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    moved = citizen.get("/vote")
    assert moved.status == 301 and path_of(moved.headers["Location"]) == "/register-to-vote"
    missing = citizen.get("/no-such-page")
    assert missing.status == 404 and "Page not found" in missing.text
    # The servers' probes and metrics are for the operator, on each server, not the public.
    assert citizen.get("/readyz").status == 404
    assert citizen.get("/metrics").status == 404


def test_search_through_nginx_on_both_servers(portal):
    citizen = portal.citizen()
    served = set()
    for _ in range(4):
        page = citizen.get("/search?q=passport")
        assert page.status == 200 and "/apply-for-a-passport" in page.text
        api = citizen.get("/api/v1/search?q=passport")
        assert api.status == 200 and "/apply-for-a-passport" in api.text
        served |= {portal.served_by(page.request_id), portal.served_by(api.request_id)}
    assert served == {"app1", "app2"}


def test_a_form_journey_moves_between_the_servers_on_one_shared_draft(portal):
    reference, ids = fill_in(portal.citizen())
    servers = [portal.served_by(request_id) for request_id in ids]
    assert set(servers) == {"app1", "app2"}
    # nginx takes turns: most pages were posted to the other server than the one showing them,
    # which found the draft the first had saved.
    moves = sum(a != b for a, b in zip(servers, servers[1:], strict=False))
    assert moves >= len(servers) // 3, servers
    assert reference in portal.references()
    delivered_exactly_once(portal, {reference})


def test_the_api_replays_an_idempotent_submission_whichever_server_gets_it(portal):
    citizen = portal.citizen()
    key = str(uuid.uuid4())
    answers = []
    for _ in range(4):
        answers.append(
            citizen.post_json(
                f"{API}/submissions", {"answers": ROAD_REPORT}, {"Idempotency-Key": key}
            )
        )
    assert [a.status for a in answers] == [201] * 4
    assert {portal.served_by(a.request_id) for a in answers} == {"app1", "app2"}
    references = {a.json()["reference"] for a in answers}
    assert len(references) == 1
    assert [a.headers.get("Idempotent-Replayed") for a in answers[1:]] == ["true"] * 3
    delivered_exactly_once(portal, {accepted(references.pop())})


def test_rate_limits_are_counted_across_the_servers_per_citizen(portal):
    """120 validations a minute per client (the default), shared through Redis: each server saw
    about half of them, so without the shared count neither would have refused."""
    citizen = portal.citizen()
    statuses = [
        citizen.post_json(f"{API}/validate", {"answers": ROAD_REPORT}).status for _ in range(123)
    ]
    assert statuses[:120] == [200] * 120 and statuses[120:] == [429] * 3
    refused = citizen.post_json(f"{API}/validate", {"answers": ROAD_REPORT})
    assert refused.status == 429 and int(refused.headers["Retry-After"]) > 0
    # Another citizen behind the same nginx has a limit of their own (PORTAL_TRUSTED_PROXIES).
    assert portal.citizen().post_json(f"{API}/validate", {"answers": ROAD_REPORT}).status == 200


# -- faults --------------------------------------------------------------------------------


def test_a_slow_agency_holds_one_worker_while_the_other_delivers(portal):
    portal.receiver.hold_next(8)  # well under the sender's 10 s timeout
    citizen = portal.citizen()
    submit(citizen)
    wait_until(portal.receiver.held.is_set, 30, "the slow delivery to arrive")
    held_since = time.monotonic()
    before = set(portal.receiver.references())
    started = time.monotonic()
    for _ in range(4):
        submit(citizen)
    assert time.monotonic() - started < 8, "the citizens waited for the slow agency"
    # The other server's worker delivers the rest while the first is held.
    wait_until(lambda: len(set(portal.receiver.references()) - before) >= 4, 30, "the others")
    assert time.monotonic() - held_since < 8, "the others waited for the slow delivery"
    delivered_exactly_once(portal, set(ACCEPTED))


def test_with_redis_stopped_requests_are_still_served(portal):
    portal.redis.stop()
    try:
        citizen = portal.citizen()
        for _ in range(3):
            assert citizen.get("/search?q=passport").status == 200
            assert citizen.post_json(f"{API}/validate", {"answers": ROAD_REPORT}).status == 200
        assert submit(citizen) == [201]
    finally:
        portal.redis.start()
    delivered_exactly_once(portal, set(ACCEPTED))


def test_a_release_published_while_requests_are_in_flight_fails_none(portal):
    page = portal.content / "passport-office" / "apply-for-a-passport.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "title: Apply for your first adult passport",
            "title: Apply for your first adult passport (Zanzibarine edition)",
        ),
        encoding="utf-8",
    )
    statuses: Counter = Counter()
    stop = threading.Event()

    def read() -> None:
        citizen = portal.citizen()
        while not stop.is_set():
            for path in ("/apply-for-a-passport", "/search?q=passport", "/vote"):
                statuses[citizen.get(path).status] += 1

    readers = [threading.Thread(target=read, daemon=True) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        portal.publish()
        citizen = portal.citizen()
        wait_until(
            lambda: "Zanzibarine" in citizen.get("/apply-for-a-passport").text,
            30,
            "the new page",
        )
        wait_until(
            lambda: "/apply-for-a-passport" in citizen.get("/search?q=zanzibarine").text,
            30,
            "the new search index on both servers",
        )
        wait_until(
            lambda: "/apply-for-a-passport" in citizen.get("/search?q=zanzibarine").text,
            30,
            "the new search index on the other server",
        )
    finally:
        stop.set()
        for reader in readers:
            reader.join(60)
    assert set(statuses) <= {200, 301}, statuses
    assert sum(statuses.values()) > 20


def test_postgresql_restarted_during_submissions_loses_nothing(portal, capsys):
    database = portal.database
    if not database.real:
        with capsys.disabled():
            print(f"\nNOTICE: {database.notice}")
    started = database.started_at()
    with Load(portal) as load:
        load.wait_for(3)
        database.restart()  # stopped as a crash stops it, down 2 s, started again
        count = len(load.submissions)
        load.wait_for(count + 6)
    assert database.started_at() != started or not database.real, "it was not restarted"
    pages = {key: n for key, n in load.statuses.items() if key[1] != 200}
    assert pages == {}, "pages and searches need no database and were all served"
    seen = {status for statuses in load.submissions for status in statuses}
    assert seen <= {201} | TRY_AGAIN, seen
    assert seen & TRY_AGAIN, "no submission met the outage: the fault was not tested"
    assert all(statuses[-1] == 201 for statuses in load.submissions)
    delivered_exactly_once(portal, set(ACCEPTED))


def test_an_app_server_killed_mid_load_fails_over_to_the_other(portal):
    app2 = portal.servers[1]
    with Load(portal) as load:
        load.wait_for(3)
        app2.kill()
        count = len(load.submissions)
        load.wait_for(count + 8)
    try:
        failed = {key: n for key, n in load.statuses.items() if key[1] != 200}
        assert failed == {}, "nginx sent every page and search to the server left"
        seen = {status for statuses in load.submissions for status in statuses}
        assert seen <= {201, 502}, seen
        delivered_exactly_once(portal, set(ACCEPTED))
    finally:
        app2.start()


def test_a_delivery_worker_killed_mid_send_is_sent_again_once_by_another(portal):
    """A worker with a 4 s lease, alone while the others are paused, claims a submission and is
    killed while the agency holds it; the others, going again, send it once the lease has run
    out, with the same webhook-id: one repeat, which the agency recognises and drops."""
    for server in portal.servers:
        server.pause_worker()
    doomed = portal.servers[0].another_worker("--lease", str(KILLED_WORKERS_LEASE))
    try:
        portal.receiver.hold_next(KILLED_WORKERS_LEASE - 1)  # past the kill, within the lease
        before = set(ACCEPTED)
        submit(portal.citizen())
        [reference] = ACCEPTED - before
        wait_until(portal.receiver.held.is_set, 30, "the delivery to reach the agency")
        killed_at = time.monotonic()
        end(doomed, signal.SIGKILL)
    finally:
        end(doomed, signal.SIGKILL)
        for server in portal.servers:
            server.pause_worker(False)
    SENT_AGAIN.add(reference)
    wait_until(lambda: len(portal.receiver.receipts_of(reference)) == 2, 30, "the second send")
    first, second = portal.receiver.receipts_of(reference)
    assert first.message_id == second.message_id  # the agency sees the same message again
    assert second.arrived - killed_at >= KILLED_WORKERS_LEASE / 2  # not before the lease
    # The killed try never ended; the second is recorded just after the agency has it.
    wait_until(
        lambda: portal.delivery_status(reference) == ("delivered", 1), 10, "one attempt recorded"
    )
    delivered_exactly_once(portal, set(ACCEPTED))


# -- backups -------------------------------------------------------------------------------


def start_draft(citizen: Citizen, pages: int) -> str:
    """A citizen's report begun through nginx and left after `pages` answers: the next page."""
    url = path_of(citizen.get(FORM).headers["Location"])
    for fields in JOURNEY[:pages]:
        sent = citizen.post_form(url, {**fields, "csrf_token": csrf_token(citizen.get(url))})
        assert sent.status == 303, (url, sent.status)
        url = path_of(sent.headers["Location"])
    return url


def restored_server(portal, database: str) -> AppServer:
    """A new app server with the same settings and secrets, on the restored database."""
    env = {**portal.servers[0].env, "PORTAL_DATABASE_URL": portal.database.url(database)}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(portal.root / "m-restored")
    (portal.root / "m-restored").mkdir(exist_ok=True)
    server = AppServer("restored", env, portal.root, workers=1)  # it answers a few requests
    server.start()
    return server


def test_a_backup_restored_into_a_new_database_serves_what_was_kept(portal):
    """docs/operations.md's backup and restore: pg_dump --format=custom, pg_restore into a new
    database, a service started on it with the same secrets."""
    key = create_key(portal.engine, "highways-agency", "restore test").key
    citizen = portal.citizen()
    next_page = start_draft(citizen, 2)
    assert submit(citizen) == [201]
    delivered_exactly_once(portal, set(ACCEPTED))
    backup = portal.root / "portal.dump"
    back_up(portal.database, portal.name, backup)
    restored = f"{portal.name}_restored"
    restore(portal.database, backup, restored)
    server = restored_server(portal, restored)
    try:
        agency = Citizen(f"http://{server.address}")
        bearer = {"Authorization": f"Bearer {key}"}
        listed = agency.get(f"{API}/submissions?limit=100", bearer)
        assert listed.status == 200, listed.text[:500]
        assert listed.json()["next"] is None
        stored = {s["reference"]: s for s in listed.json()["submissions"]}
        assert set(stored) == ACCEPTED, "every accepted submission is in the backup"
        reference = sorted(ACCEPTED)[0]
        one = agency.get(f"/api/v1/submissions/{reference}", bearer).json()
        assert one == stored[reference] and one["answers"]["road-name"] == "Mill Lane"
        delivery = agency.get(f"/api/v1/submissions/{reference}/deliveries", bearer).json()
        assert delivery["status"] == "delivered" and delivery["attempts"] >= 1
        # The citizen's draft, on the restored service: their cookie holds only its id.
        again = Citizen(f"http://{server.address}", citizen.address)
        again.cookies = dict(citizen.cookies)
        assert again.get(next_page).status == 200  # where they left off
        back = again.get(f"{FORM}/road-name")
        assert back.status == 200, back.status
        assert back.soup().select_one("input[name=road-name]")["value"] == "Mill Lane"
    finally:
        server.stop()
        with portal.database.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def test_both_workers_delivered_and_nothing_is_left_or_delivered_twice(portal):
    for server in portal.servers:
        log = (portal.root / f"{server.name}-deliver.log").read_text()
        assert "Delivered 1" in log or "Delivered 2" in log, f"{server.name}'s worker idle"
    delivered_exactly_once(portal, set(ACCEPTED))
    assert portal.references() == ACCEPTED
    wait_until(lambda: portal.undelivered() == 0, 60, "the outbox to empty")
