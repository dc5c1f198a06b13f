"""schemathesis against the app's own OpenAPI: generated requests never get a 5xx, and every
answer fits the schema it declares (the Graph output contract), over the fixture store."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from alliancegraph.api import TOKEN_ENV, build_fixture_store, create_app

EXAMPLES = 25
"""Generated requests per operation: enough to hit bad dates, odd names and limits, in well under a minute."""


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with build_fixture_store(str(tmp_path_factory.mktemp("schema") / "fixture.db")) as store:
        yield schemathesis.openapi.from_asgi("/openapi.json", create_app(store))


def test_every_operation_is_generated(api_schema: Any) -> None:
    labels = {result.ok().label for result in api_schema.get_all_operations()}
    assert {"GET /api/entity", "GET /api/edge", "GET /api/changes", "POST /api/articles"} <= labels


def test_no_generated_request_gets_a_server_error(api_schema: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance,
                                           content_type_conformance])

        call()
