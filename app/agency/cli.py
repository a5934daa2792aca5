"""`flask --app app agency create-key|revoke-key|list-keys`: an agency's API keys.

create-key prints the key alone on standard output (so a script can capture it) and what to do
with it on standard error; nothing can show the key again."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from app.forms.registry import content_source, organisation_names
from app.store import get_engine

from .keys import KeyNotFound, create_key, key_id_of, list_keys, revoke_key

agency_cli = AppGroup("agency", help="Agency API keys: make, list and revoke them.")

MAX_LABEL = 200  # the api_keys.label column


def organisations() -> list[str]:
    """The organisations of the content (`content/organisations/<slug>.md`), as the service
    reads it (app/forms/registry.py)."""
    return sorted(organisation_names())


@agency_cli.command("create-key")
@click.argument("organisation")
@click.option(
    "--label",
    default=None,
    help='what the key is for, shown in list-keys: "case system, production"',
)
@click.option(
    "--test",
    is_flag=True,
    help="a test key (portal_test_…): its submissions are tests, kept a day, sent only to "
    "the form's test webhook, and it sees only tests",
)
def create_key_command(organisation: str, label: str | None, test: bool) -> None:
    """Make an API key for ORGANISATION (a file in content/organisations/, without .md) and
    print it, once."""
    known = organisations()
    if organisation not in known:
        raise click.ClickException(
            f"no organisation `{organisation}` in {content_source(current_app)}"
            f": use one of {', '.join(known) or '(none)'}"
        )
    if label is not None and len(label.strip()) > MAX_LABEL:
        raise click.BadParameter(f"at most {MAX_LABEL} characters", param_hint="--label")
    made = create_key(get_engine(), organisation, (label or "").strip() or None, test=test)
    click.echo(made.key)
    click.echo(
        f"Made {'test ' if test else ''}key {made.stored.id} for {organisation}. Store it now, "
        "as a secret: it is not shown again and the portal keeps only its hash. Send it as "
        "`Authorization: Bearer <key>`.",
        err=True,
    )


@agency_cli.command("revoke-key")
@click.argument("key_id", metavar="ID")
def revoke_key_command(key_id: str) -> None:
    """Revoke the key ID (as list-keys shows it; the whole key works too): from now on the API
    refuses it."""
    found_id = key_id_of(key_id)
    try:
        if found_id is None:
            raise KeyNotFound(key_id)
        key, changed = revoke_key(get_engine(), found_id)
    except KeyNotFound:
        raise click.ClickException(
            f"no API key `{key_id}`: `flask agency list-keys` lists them"
        ) from None
    if changed:
        click.echo(f"Revoked key {key.id} of {key.organisation}.")
    else:
        click.echo(
            f"Key {key.id} of {key.organisation} was already revoked, on {when(key.revoked_at)}."
        )


@agency_cli.command("list-keys")
@click.argument("organisation", required=False)
def list_keys_command(organisation: str | None) -> None:
    """List the keys (of ORGANISATION, or all): id, organisation, label, when made, last used
    and revoked. Keys themselves are never stored, so never shown."""
    keys = list_keys(get_engine(), organisation)
    # An organisation gone from the content may still have keys to see (and revoke).
    if organisation is not None and not keys and organisation not in organisations():
        raise click.ClickException(f"no organisation `{organisation}` in the content")
    rows = [("ID", "ORGANISATION", "MODE", "LABEL", "CREATED", "LAST USED", "REVOKED")]
    rows += [
        (
            k.id,
            k.organisation,
            "test" if k.is_test else "live",
            k.label or "-",
            when(k.created_at),
            when(k.last_used_at),
            when(k.revoked_at),
        )
        for k in keys
    ]
    if len(rows) == 1:
        click.echo("No API keys" + (f" for {organisation}." if organisation else "."))
        return
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "-"
