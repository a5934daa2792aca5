"""Agency API keys: made and revoked with `flask agency` (cli.py), stored as hashes (keys.py), and
checked on the API's authenticated routes (auth.py). See docs/agency-keys.md."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .cli import agency_cli

    app.cli.add_command(agency_cli)
