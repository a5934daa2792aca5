"""The service refuses to start outside development with settings it must not run with, each
saying what to set; development (PORTAL_ENV, debug, TESTING, the preview) lifts the refusals;
`flask` commands other than `run` still start, so `flask doctor` can say what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.startup import UnsafeSettings, is_development, startup_problems
from tests.conftest import ROOT

PRODUCTION = {"ENV": "production", "TESTING": False}
SECRET = {"SECRET_KEY": "a-long-random-value-for-this-test"}
SHARED = {
    "DATABASE_URL": "postgresql://portal@db.internal/portal",
    "RATELIMIT_STORAGE_URI": "redis://redis.internal:6379/0",
}


def refused(settings: dict) -> list[str]:
    with pytest.raises(UnsafeSettings) as raised:
        create_app({**PRODUCTION, **settings})
    return raised.value.problems


def test_the_default_secret_key_is_refused_with_what_to_set():
    [problem] = refused({})
    assert problem.startswith("SECRET_KEY is the development default")
    assert "PORTAL_SECRET_KEY" in problem and "secrets.token_hex(32)" in problem


def test_one_server_with_its_own_secret_starts_on_sqlite_and_memory():
    app = create_app({**PRODUCTION, **SECRET})
    assert app.url_map.bind("localhost").match("/healthz")


def test_several_servers_need_a_shared_database_and_rate_limit_store():
    problems = refused({**SECRET, "SERVERS": 2})
    assert len(problems) == 2
    assert "PORTAL_SERVERS is 2" in problems[0]
    assert "PORTAL_RATELIMIT_STORAGE_URI=redis://" in problems[0]
    assert "PORTAL_DATABASE_URL=postgresql://" in problems[1]
    assert "PORTAL_RATELIMIT_STORAGE_URI" not in str(
        refused({**SECRET, "SERVERS": 2, "RATELIMIT_ENABLED": False})
    )
    app = create_app({**PRODUCTION, **SECRET, **SHARED, "SERVERS": 3})
    assert app.config["SERVERS"] == 3


def test_the_message_lists_every_problem_at_once():
    with pytest.raises(UnsafeSettings) as raised:
        create_app({**PRODUCTION, "SERVERS": 2})
    message = str(raised.value)
    assert message.startswith("The portal will not start with these settings:\n- SECRET_KEY")
    assert message.count("\n- ") == 3


def test_settings_wrong_anywhere_are_refused_in_development_too():
    problems = startup_problems(
        {**SECRET, "ENV": "development", "SERVERS": 0, "METRICS_ALLOW": "x", "TRUSTED_PROXIES": "y"}
    )
    assert problems[0].startswith("PORTAL_SERVERS is 0")
    assert problems[1].startswith("PORTAL_METRICS_ALLOW: 'x' is not a network")
    assert problems[2].startswith("PORTAL_TRUSTED_PROXIES: 'y' is not a network")


@pytest.mark.parametrize(
    "development",
    [
        {"ENV": "development"},
        {"ENV": " Development "},
        {"DEBUG": True},
        {"TESTING": True},
        {"LIVE_RELOAD": True},
    ],
)
def test_development_lifts_the_refusals(development):
    settings = {**PRODUCTION, "SERVERS": 2, **development}
    assert is_development(settings)
    create_app(settings)


def test_the_environment_variable_says_production_by_default():
    environ = {k: v for k, v in os.environ.items() if k != "PORTAL_ENV"}
    assert not is_development({"ENV": "production"})
    from app.config import load_config

    assert load_config(environ=environ)["ENV"] == "production"
    assert load_config(environ={**environ, "PORTAL_ENV": "development"})["ENV"] == "development"


def flask(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    return subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "app", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_flask_run_refuses_and_other_commands_start(tmp_path):
    env = {"PORTAL_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}", "PORTAL_SERVERS": "2"}
    run = flask("run", "--port", "1", env=env)
    assert run.returncode != 0
    assert "The portal will not start with these settings" in run.stderr
    assert "set PORTAL_SECRET_KEY" in run.stderr
    # A command serves nothing: it starts, and `flask doctor` reports the same problems.
    routes = flask("routes", env=env)
    assert routes.returncode == 0 and "/readyz" in routes.stdout
