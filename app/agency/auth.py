"""The bearer-key check of the API's agency routes: `Authorization: Bearer portal_<id>_<secret>`.

`agency_key()` returns the calling organisation's key or raises a 401 problem with
`WWW-Authenticate: Bearer` (RFC 6750). A missing header, one of another scheme, a malformed,
unknown or revoked key all get the 401; what the detail says helps a developer fix their call
without telling a stranger whether some key exists.
"""

from __future__ import annotations

from flask import request

from app.api.errors import ApiError
from app.store import get_engine

from .keys import ApiKey, verify_key

REALM = "Portal API"


def unauthorised(detail: str, *, invalid_token: bool) -> ApiError:
    error = ApiError(401, detail)
    challenge = f'Bearer realm="{REALM}"'
    if invalid_token:
        challenge += ', error="invalid_token"'
    error.headers["WWW-Authenticate"] = challenge
    return error


def agency_key() -> ApiKey:
    """The key the request was made with; raises the 401 when it has no usable one."""
    header = request.headers.get("Authorization", "")
    scheme, _, presented = header.strip().partition(" ")
    if not header.strip():
        raise unauthorised(
            "This needs an agency API key: send it as `Authorization: Bearer <key>`",
            invalid_token=False,
        )
    if scheme.lower() != "bearer" or not presented.strip():
        raise unauthorised(
            "Send the agency API key as `Authorization: Bearer <key>`", invalid_token=True
        )
    key = verify_key(get_engine(), presented.strip())
    if key is None:
        raise unauthorised(
            "The API key is not valid: check that it was copied whole, as "
            "`flask agency create-key` printed it",
            invalid_token=True,
        )
    if key.revoked:
        raise unauthorised("The API key has been revoked: ask for a new one", invalid_token=True)
    return key
