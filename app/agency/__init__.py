"""What an agency does with its API key: keys made and revoked with `flask agency` (cli.py),
stored as hashes (keys.py) and checked on the API's agency routes (auth.py); those routes'
paging (paging.py), delivery status (deliveries.py) and answers (schemas.py). The routes are in
app/api/agency_routes.py. See docs/agency-keys.md."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .cli import agency_cli

    app.cli.add_command(agency_cli)
