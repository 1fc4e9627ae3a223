"""Schema-based fuzzing of the JSON API (issue #7): schemathesis generates requests from
the OpenAPI description served at ``/api/openapi.json`` and checks every response
against it, in process (WSGI) on the real seed index.

It must find nothing: no 5xx, the documented status codes, content types and response
schemas, an ``Allow`` header on 405, and no 400 for a request the description calls
valid, except for dates: ``from``/``to`` are free text ("last week of July 2020") that
only dateparser can judge, so a 400 on schema-valid input is accepted only when its
message is about a date.

Invalid requests are generated too, and must get the same guarantees, but the check
that each one is refused (``negative_data_rejection``) is left out: a query string has
no types, so many of schemathesis's "invalid" values are valid once sent (``null`` for
``page`` goes out as ``page=``, which means "not given"; ``0.0`` for ``place`` is the
text "0.0"). Refusals of bad values are pinned in test_web.py and
test_hostile_queries.py instead.

schemathesis 4's lazy ``schemathesis.pytest.from_fixture`` does not work with pytest 9
(it sets the private ``Item._nodeid``), so the schema is loaded with ``from_dict`` from
the same function that serves ``/api/openapi.json`` (a test checks they agree), and each
case is sent to the app fixture with ``case.call_and_validate(app=...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from search import Settings
from web.api import openapi_document

schema = schemathesis.openapi.from_dict(openapi_document())

#: The two messages a valid request may get a 400 with (see the module docstring).
DATE_ERRORS = ("as a date for", "is after the 'to' date")


@pytest.fixture(scope="module")
def app(seed_index_dir: Path) -> Any:
    from web import create_app

    return create_app(Settings.load({"index_dir": seed_index_dir}, environ={}))


def valid_requests_are_accepted_but_for_dates(ctx, response, case) -> None:
    """schemathesis's positive_data_acceptance, except for unreadable dates."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    if response.status_code == 400:
        error = response.json()["error"]
        assert any(fragment in error for fragment in DATE_ERRORS), (
            f"a request the OpenAPI description calls valid got 400: {error}"
        )


def test_the_served_description_is_the_one_fuzzed(app):
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == openapi_document()


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_openapi_description(case, app):
    case.call_and_validate(
        app=app,
        excluded_checks=[positive_data_acceptance, negative_data_rejection],
        additional_checks=[valid_requests_are_accepted_but_for_dates],
    )


def test_a_wrong_method_is_a_405_that_says_which_are_allowed(app):
    response = app.test_client().post("/api/search")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.get_json() == {
        "ok": False,
        "error": "The method is not allowed for the requested URL.",
        "status": 405,
    }


def test_an_empty_limit_means_the_default(app):
    """As for every other parameter: the form sends its empty fields."""
    response = app.test_client().get("/api/facets/person?limit=")
    assert response.status_code == 200, response.get_json()
