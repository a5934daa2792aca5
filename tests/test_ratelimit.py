"""Rate limits when their store fails: a real Redis behind a TCP proxy the test stops and starts
(tests/tcp_proxy.py), so the store really goes away and really comes back."""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from app.ratelimit import limiter, store_failures
from app.store import dispose
from tests.conftest import service_app
from tests.tcp_proxy import TcpProxy

REDIS = ("127.0.0.1", 6379)


@pytest.fixture(scope="module")
def real_redis():
    client = redis.Redis(*REDIS, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS[0]}:{REDIS[1]} ({error})")
    yield client
    client.close()


def feedback(client):
    return client.post("/feedback", data={"path": "/vehicle-tax", "useful": "yes"})


def test_a_lost_store_fails_open_is_counted_and_recovers_without_a_restart(
    sample_site, tmp_path, real_redis, caplog
):
    # As an app before this one in the process left the one limiter: backing off for 32 s
    # before it looks at its store again (in make test, the API's limit tests had).
    limiter._Limiter__check_backend_count = 5
    limiter._Limiter__last_check_backend = time.time()
    proxy = TcpProxy(REDIS)  # not started yet: the store's port is closed
    prefix = f"portal-test-{uuid.uuid4().hex}"
    app = service_app(
        sample_site,
        f"sqlite:///{tmp_path / 'portal.db'}",
        RATELIMIT_STORAGE_URI=f"redis://{proxy.address}/0",
        RATELIMIT_KEY_PREFIX=prefix,
        RATELIMIT_PUBLIC_WRITES="2 per minute",
    )
    client = app.test_client()
    try:
        with caplog.at_level("WARNING"):
            assert feedback(client).status_code == 303  # served, not a 500
        assert store_failures(app) >= 1
        assert any(
            "rate-limit store unreachable" in r.getMessage()
            and f"{store_failures(app)} failures" in r.getMessage()
            for r in caplog.records
        )
        # Still limited meanwhile, in this process's memory.
        statuses = [feedback(client).status_code for _ in range(2)]
        assert statuses == [303, 429]
        assert not real_redis.keys(f"*{prefix}*")

        proxy.start()  # the store comes back
        deadline = time.monotonic() + 25  # retried after 1, 2, 4, 8 … seconds, not 32 first
        while not real_redis.keys(f"*{prefix}*") and time.monotonic() < deadline:
            feedback(client)
            time.sleep(0.5)
        assert real_redis.keys(f"*{prefix}*"), "the limiter did not go back to Redis"
    finally:
        proxy.stop()
        for key in real_redis.keys(f"*{prefix}*"):
            real_redis.delete(key)
        dispose(app)
