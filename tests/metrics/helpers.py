"""Reading the metrics the way a scraper does: GET /metrics, parsed with prometheus-client's own
parser of the text format."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

TOKEN = "scrape-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def scrape(client, headers=AUTH) -> dict[tuple[str, frozenset], float]:
    """Every sample of GET /metrics: (name, labels) -> value."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)
