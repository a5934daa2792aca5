"""Alembic environment. `app.store.migrate.upgrade(engine)` hands over an open connection; run any
other way, the database is the app's DATABASE_URL setting (PORTAL_DATABASE_URL or DATABASE_URL)."""

from __future__ import annotations

from alembic import context

from app.store.tables import metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    from app.config import load_config
    from app.store.engine import make_engine

    url = context.config.get_main_option("sqlalchemy.url") or load_config()["DATABASE_URL"]
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            run(connection)
    finally:
        engine.dispose()


main()
