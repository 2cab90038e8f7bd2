"""Property-based tests of the whole API against its own OpenAPI schema.

schemathesis reads /api/v1/schema/ and sends generated requests to every
operation: the schema's examples, boundary and invalid values of every
parameter and body field ("coverage"), and random valid and invalid ones
("fuzzing"). Every answer must be no server error, with a documented status,
content type, headers and body shape.

Runs anonymous and with an editor's token, on whichever database the suite
runs on (CI runs it on SQLite and PostgreSQL, where a NUL byte in a query is
the classic 500). The seed and the number of examples are fixed, so CI
replays the same requests.

Budget (about a minute per database): the coverage phase, which sends the
most requests, runs where the inputs are: list filters (anonymous) and create
bodies (editor). Updates take the same fields as creates (PATCH/PUT are
fuzzed), and anonymous writes all stop at authentication (401).
"""

import copy

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import CharacterFactory, ReviewFactory, ThemeFactory

pytestmark = pytest.mark.slow

SEED = 20170623  # The Escape's UK release
EXAMPLES = 4  # per operation and phase (fuzzing)
LISTS = r"^/api/v1/[a-z]+/$"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def config(*coverage: dict) -> SchemathesisConfig:
    """Examples and fuzzing for every operation; the coverage phase too for
    those ``coverage`` selects."""
    phases = {
        "examples": {"enabled": True},
        "fuzzing": {"enabled": True},
        "coverage": {"enabled": False},
        "stateful": {"enabled": False},
    }
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "phases": phases,
            "operations": [
                {**selector, "phases": {**phases, "coverage": {"enabled": True}}}
                for selector in coverage
            ],
        }
    )


# The schema is generated once, at collection (it reads no database row).
APP = get_wsgi_application()
RAW_SCHEMA = Client().get("/api/v1/schema/", {"format": "json"}).json()


METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def load(cfg: SchemathesisConfig, *methods: str):
    schema = schemathesis.openapi.from_dict(copy.deepcopy(RAW_SCHEMA), config=cfg)
    schema.app = APP
    # exclude(), not include(): the per-operation settings of ``cfg`` are
    # include filters of their own, and includes add up.
    return schema.exclude(method=sorted(METHODS - set(methods)))


anonymous_reads = load(config({"include-path-regex": LISTS}), "GET")
anonymous_writes = load(config(), "POST", "PUT", "PATCH", "DELETE")
editor_operations = load(config({"include-method": "POST"}), *METHODS)
HYPOTHESIS = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_test_transaction():
    """schemathesis calls the WSGI application directly, whose end-of-request
    signal closes a connection inside a transaction, the test's own (Django's
    test client disconnects it the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def data(catalogue):
    """The shared small catalogue, plus rows under the seed slugs the schema
    gives as examples, so examples reach real objects."""
    CharacterFactory(film=catalogue.film, name="Tara (2)", slug="the-escape-2017-tara")
    ReviewFactory(
        film=catalogue.film,
        slug="the-escape-2017-000-ebdae4657614d0dc",
        themes=[
            ThemeFactory(
                name="Marriage and relationships", slug="marriage-and-relationships"
            ),
            ThemeFactory(name="Freedom and escape", slug="freedom-and-escape"),
        ],
    )
    return catalogue


@anonymous_reads.parametrize()
@HYPOTHESIS
def test_anonymous_reads(case):
    case.call_and_validate(checks=CHECKS)


@anonymous_writes.parametrize()
@HYPOTHESIS
def test_anonymous_writes(case):
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code in {400, 401, 404, 405}


@editor_operations.parametrize()
@HYPOTHESIS
def test_editor(case, editor):
    token = Token.objects.get_or_create(user=editor)[0]
    case.call_and_validate(
        checks=CHECKS, headers={"Authorization": f"Token {token.key}"}
    )
