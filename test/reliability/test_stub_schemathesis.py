"""Schema fuzzing of the stub with schemathesis (4.x Python API), for every operation of
``spec/kfp_api_v1beta1.swagger.json`` and ``spec/task_v1alpha1.swagger.json``.

Per operation, a bounded number of cases is drawn from three sources: schemathesis' positive
data, positive data whose path parameters name real resources (the stub is reset and seeded
with an experiment, a pipeline and version, a run with an artifact and a job before each
operation, so GET/DELETE/archive/... reach existing objects), and negative data (schema
violations). Each response must pass schemathesis' ``not_a_server_error``,
``response_schema_conformance`` and ``content_type_conformance`` checks, and every 4xx must
carry the gateway error body (``error``, ``code``, ``message``), or, on the upload routes,
their own ``{"error_message", "error_details"}`` body (text/plain, as the real server).
The whole run is repeated (with half the cases) against a multi-user stub, as the owner of
the seeded namespace (``kubeflow-userid`` on every request).
"""
import json
import os
from collections import Counter
from typing import Any, Iterator, List, NamedTuple, Optional

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rel_support import path_values, seed

from kfp_server_api.stub import StubServer

schemathesis = pytest.importorskip("schemathesis", minversion="4.0", reason="the 4.x Python API is used")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import Failure, FailureGroup  # noqa: E402
# Where 4.x keeps the OpenAPI checks in every release (``schemathesis.checks`` re-exports them
# only in recent ones).
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance  # noqa: E402

SPEC_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "spec")
SPECS = ["kfp_api_v1beta1.swagger.json", "task_v1alpha1.swagger.json"]
#: Cases per operation (about a third from each source).
EXAMPLES = 30
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
UPLOAD_ROUTES = ("/apis/v1beta1/pipelines/upload", "/apis/v1beta1/pipelines/upload_version")


def _operations() -> List[Any]:
    ops = []
    for name in SPECS:
        schema = schemathesis.openapi.from_path(os.path.join(SPEC_DIR, name))
        ops.extend(result.ok() for result in schema.get_all_operations())
    return ops


OPERATIONS = _operations()


OWNER = "alice@example.com"
#: mode -> cases per operation (multi-user mode repeats the fuzzing as a namespace owner).
MODES = {"single-user": EXAMPLES, "multi-user": EXAMPLES // 2}


class Target(NamedTuple):
    """The stub under test and its mode (a key of :data:`MODES`)."""

    stub: StubServer
    mode: str


@pytest.fixture(scope="module", params=sorted(MODES))
def target(request: Any) -> Iterator[Target]:
    """A private stub server: single-user, or multi-user with alice owning team-a."""
    multi = request.param == "multi-user"
    with StubServer(multi_user=multi, users={OWNER: ["team-a"]} if multi else None) as server:
        yield Target(server, request.param)


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    """One keep-alive HTTP session for all cases."""
    with requests.Session() as s:
        yield s


TOTALS: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_totals(session_report: Any) -> Iterator[None]:
    """After the module: one report line with the totals of all operations."""
    yield
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted((k, v) for k, v in TOTALS.items() if isinstance(k, int)))
    session_report("test_stub_schemathesis", (
        f"schemathesis: {len(OPERATIONS)} operations (fuzzed {TOTALS['operations single-user']} single-user, "
        f"{TOTALS['operations multi-user']} multi-user), {TOTALS['cases']:,} cases "
        f"({TOTALS['unsendable']} negative cases unsendable by requests), {TOTALS['failures']} failures; "
        f"statuses {statuses}"))


def _error_body_problem(path: str, response: Any) -> Optional[str]:
    """Why a 4xx answer lacks the documented error body (None when it has it)."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"4xx body is not JSON: {response.content[:80]!r}"
    if not isinstance(body, dict):
        return f"4xx body is not an object: {response.content[:80]!r}"
    if path in UPLOAD_ROUTES:
        if not (isinstance(body.get("error_message"), str) and "error_details" in body):
            return f"upload 4xx without error_message/error_details: {body}"
        return None
    if not (isinstance(body.get("error"), str) and isinstance(body.get("code"), int)
            and isinstance(body.get("message"), str)):
        return f"4xx without the gateway error body (error, code, message): {body}"
    return None


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_fuzzed_requests_get_conforming_answers(operation: Any, target: Target, session: requests.Session) -> None:
    stub, mode = target
    multi = mode == "multi-user"
    stub.reset()
    with stub.api_client(user=OWNER if multi else None) as client:
        ids = seed(client, namespace="team-a" if multi else None, tag="fuzz")
    identity = {"kubeflow-userid": OWNER} if multi else {}
    stub.put_artifact(ids["run"], "node-1", "art", b"artifact bytes")
    real = path_values(operation.path, ids)
    sources = [operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)]
    if real:
        sources.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real))
    failures: List[str] = []
    seen: Counter = Counter()

    @settings(max_examples=MODES[mode], deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(sources))
    def one(case: Any) -> None:
        try:
            response = case.call(base_url=stub.url, session=session, headers=identity, timeout=30)
        except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, ValueError) as error:
            # Negative data that no HTTP client can send (e.g. a header with a line break).
            seen["unsendable"] += 1
            seen[f"unsendable {type(error).__name__}"] += 0
            return
        seen["cases"] += 1
        seen[response.status_code] += 1
        selected = CHECKS
        if operation.path in UPLOAD_ROUTES and 400 <= response.status_code < 500:
            selected = CHECKS[:2]  # their text/plain error body is the real server's, not the spec's
        problems: List[str] = []
        try:
            case.validate_response(response, checks=selected)
        except FailureGroup as group:
            problems += [f"{type(f).__name__}: {f.title}" for f in group.exceptions]
        except Failure as failure:
            problems.append(f"{type(failure).__name__}: {failure.title}")
        if 400 <= response.status_code < 500:
            problem = _error_body_problem(operation.path, response)
            if problem:
                problems.append(problem)
        for problem in problems:
            failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {problem}")

    one()
    TOTALS[f"operations {mode}"] += 1
    TOTALS["cases"] += seen["cases"]
    TOTALS["unsendable"] += seen["unsendable"]
    TOTALS["failures"] += len(failures)
    for key, value in seen.items():
        if isinstance(key, int):
            TOTALS[key] += value
    assert failures == [], "\n".join(sorted(set(failures))[:20])

