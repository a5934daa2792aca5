"""`flask --app app doctor`: is this server set up to serve? Run it with the server's settings
(its PORTAL_* environment) on the server itself, after a deploy or when something is wrong.

Each check is printed on a line of its own, OK or PROBLEM and what was found, in plain words:
the settings (the start-up rules of app/startup.py, as they apply here), the built site, where
the site's settings and forms are read from (the build's service.json, or the content folder), the
database (reachable within HEALTH_CHECK_TIMEOUT seconds, migrations current), the search index,
the rate-limit store, and the secrets (SECRET_KEY, each form's webhook secret). Nothing is
changed: the database is not migrated, no file is written. The exit status is 1 when any check
found a problem, so a deploy script can stop on it.
"""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.delivery.signing import SecretError, load_signer
from app.forms.registry import content_source, form_ids, load_form
from app.networks import parse_networks
from app.search.service import SearchService
from app.service_content import ServiceContentError
from app.startup import is_development, production_problems, settings_problems
from app.store.engine import Timeouts, make_engine

from .checks import (
    Check,
    folder_check,
    migrations_check,
    probe_database,
    ratelimit_store_check,
    search_index_check,
    uploads_check,
)

HELP = """Check that this server can serve, with its settings, and say what is wrong.

Prints one line a check (settings, built site, database, migrations, search index, rate-limit
store, secrets) with OK or PROBLEM, and exits 1 when there is a problem. Changes nothing."""


def settings_check(config) -> Check:
    problems = settings_problems(config)
    development = is_development(config)
    if not development:
        # The secret is reported with the secrets below, not twice.
        problems += [p for p in production_problems(config) if not p.startswith("SECRET_KEY")]
    if problems:
        return Check("settings", False, "; ".join(problems))
    where = (
        "development (PORTAL_ENV=development, debug, TESTING or the preview): the start-up "
        "rules do not apply"
        if development
        else f"production, {config['SERVERS']} server(s)"
    )
    return Check("settings", True, f"{where}; {clients_note(config)}")


def clients_note(config) -> str:
    """Who the rate limits and logs take the client to be (app/client_address.py)."""
    proxies = parse_networks(config["TRUSTED_PROXIES"], "PORTAL_TRUSTED_PROXIES")
    if proxies:
        named = ", ".join(str(network) for network in proxies)
        return f"clients' addresses read from X-Forwarded-For behind the proxies {named}"
    return (
        "each client is its connecting address (behind an HTTP proxy, set "
        "PORTAL_TRUSTED_PROXIES to its address, or every client counts as the proxy)"
    )


def webhook_secret_problems(app: Flask) -> list[str]:
    """Each form with a webhook needs its secret in this environment (the worker's too)."""
    problems = []
    for form_id in form_ids():
        form = load_form(form_id)
        if form is not None and form.delivery is not None:
            try:
                load_signer(form.delivery.secret_env, os.environ)
            except SecretError as error:
                problems.append(f"form {form.id}: {error}")
    return problems


def secrets_check(app: Flask) -> Check:
    problems = [p for p in production_problems(app.config) if p.startswith("SECRET_KEY")]
    if is_development(app.config):
        problems = []  # the development key is expected on a writer's machine
    problems += webhook_secret_problems(app)
    if problems:
        return Check("secrets", False, "; ".join(problems))
    return Check("secrets", True, "SECRET_KEY set; every form's webhook secret is set")


def database_checks(config) -> list[Check]:
    seconds = config["HEALTH_CHECK_TIMEOUT"]
    engine = make_engine(config["DATABASE_URL"], Timeouts(connect=seconds, statement=seconds))
    try:
        probe = probe_database(engine)
    finally:
        engine.dispose()
    if not probe.check.ok:
        return [probe.check, Check("migrations", False, "not checked: no database")]
    return [probe.check, migrations_check(probe.revisions)]


def content_check(app: Flask) -> Check:
    """Where the service reads the site's settings and forms from, and that they read."""
    try:
        count = len(form_ids())
    except ServiceContentError as error:
        return Check("content", False, str(error))
    return Check("content", True, f"{content_source(app)} ({count} form(s))")


def all_checks(app: Flask) -> list[Check]:
    config = app.config
    return [
        settings_check(config),
        folder_check("built_site", config["DIST_DIR"], "index.html", "PORTAL_DIST_DIR"),
        content_check(app),
        *database_checks(config),
        search_index_check(SearchService(config["SEARCH_INDEX_DIR"])),
        ratelimit_store_check(config, config["HEALTH_CHECK_TIMEOUT"]),
        uploads_check(config, config["HEALTH_CHECK_TIMEOUT"]),
        secrets_check(app),
    ]


def report_line(check: Check) -> str:
    return f"{'OK' if check.ok else 'PROBLEM':<8} {check.name}: {check.detail}"


@click.command("doctor", help=HELP)
@with_appcontext
def doctor_command() -> None:
    checks = all_checks(current_app._get_current_object())
    for check in checks:
        click.echo(report_line(check))
    problems = sum(not check.ok for check in checks)
    if problems:
        click.echo(f"{problems} problem(s): this server is not ready to serve.")
        sys.exit(1)
    click.echo("Everything checked is in order.")
