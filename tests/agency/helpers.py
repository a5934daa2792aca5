"""What the agency tests share: the sample forms, an app on a test database, and keys."""

from __future__ import annotations

import datetime as dt

import yaml

from app.forms.definition import Delivery, FormDefinition
from tests.conftest import SAMPLE


def sample_form(form_id: str) -> FormDefinition:
    return FormDefinition.model_validate(
        yaml.safe_load((SAMPLE / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8"))
    )


POTHOLE = sample_form("report-a-pothole")  # highways-agency
BIRTH = sample_form("request-a-copy-of-a-birth-certificate")  # general-register-office
VOTE = sample_form("register-to-vote")  # cabinet-office
# The pothole form as it reads once it names a webhook: its submissions get an outbox row.
POTHOLE_DELIVERED = POTHOLE.model_copy(
    update={
        "delivery": Delivery(
            webhook="https://roads.gov.nm.example/hooks/portal", secret_env="ROADS_SECRET"
        )
    }
)

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
POTHOLE_ANSWERS = {
    "location-type": "road",
    "road-name": "Mill Lane",
    "town": "Northtown",
    "where-on-road": "outside number 14",
    "pothole-size": "large",
}
BIRTH_ANSWERS = {"name-at-birth": "Ada Lovelace", "date-of-birth": "1985-12-10"}
