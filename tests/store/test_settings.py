"""Which database the settings name."""

from __future__ import annotations

from app.config import PROJECT_ROOT, load_config
from app.store.engine import normalise_url


def test_the_default_is_sqlite_in_instance():
    assert (
        load_config(environ={})["DATABASE_URL"]
        == f"sqlite:///{PROJECT_ROOT / 'instance' / 'portal.db'}"
    )


def test_a_plain_database_url_is_honoured_and_the_portal_one_wins():
    assert (
        load_config(environ={"DATABASE_URL": "postgresql://a/b"})["DATABASE_URL"]
        == "postgresql://a/b"
    )
    both = {"DATABASE_URL": "postgresql://a/b", "PORTAL_DATABASE_URL": "sqlite:///c.db"}
    assert load_config(environ=both)["DATABASE_URL"] == "sqlite:///c.db"
    assert load_config({"DATABASE_URL": "sqlite://"}, environ=both)["DATABASE_URL"] == "sqlite://"


def test_postgres_urls_use_psycopg_3():
    for given in ("postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"):
        assert normalise_url(given).drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"
