"""Schemathesis over every operation of the two specs, against the stub: generated requests
never get a 5xx (501 excepted: an explicit "not implemented"), and every 200 response
conforms to the response schema of the spec."""
import os

import pytest
from hypothesis import HealthCheck, settings

if os.environ.get("KFP_TEST_HOST"):
    pytest.skip("fuzzes the bundled stub only", allow_module_level=True)
schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from kfp_server_api.stub import StubServer  # noqa: E402

SPEC_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "spec")
_STUB = None


def _base_url() -> str:
    global _STUB
    if _STUB is None:
        _STUB = StubServer().start()
    return _STUB.url


v1 = schemathesis.openapi.from_path(os.path.join(SPEC_DIR, "kfp_api_v1beta1.swagger.json"))
tasks = schemathesis.openapi.from_path(os.path.join(SPEC_DIR, "task_v1alpha1.swagger.json"))


def _check(case):
    response = case.call(base_url=_base_url())
    assert response.status_code < 500 or response.status_code == 501, (case.method, case.path, response.text)
    if response.status_code == 200 and "healthz" not in case.path:
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


@v1.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_v1beta1_operations(case):
    _check(case)


@tasks.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_task_operations(case):
    _check(case)
