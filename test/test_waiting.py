"""wait_for_run: polls get_run until a terminal status, against the stub (runs progress on its
clock, which the tests drive from on_poll) and the recording server (odd statuses)."""
import pickle

import pytest

from kfp_server_api import (ApiPipelineSpec, ApiRun, PipelineUploadServiceApi, RunServiceApi, RunTimeoutError,
                            wait_for_run)
from kfp_server_api.exceptions import ApiTypeError, ApiValueError, NotFoundException, OpenApiException

WORKFLOW = b"""\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: wait-
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: alpine, command: [echo, hi]}
"""


@pytest.fixture
def run_id(kfp_stub, kfp_api_client):
    """A fresh run on a frozen stub clock (it stays Pending until the clock moves)."""
    kfp_stub.freeze_clock()
    pipeline = PipelineUploadServiceApi(kfp_api_client).upload_pipeline(("w.yaml", WORKFLOW), name="wait")
    body = ApiRun(name="waited", pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline.id))
    return RunServiceApi(kfp_api_client).create_run(body).run.id


def test_returns_the_final_detail_once_the_run_succeeds(kfp_stub, kfp_api_client, run_id):
    seen = []

    def tick(detail):
        seen.append(detail.run.status)
        kfp_stub.advance_clock(1)

    detail = wait_for_run(kfp_api_client, run_id, timeout=60, poll_interval=0, on_poll=tick)
    assert detail.run.id == run_id and detail.run.status == "Succeeded"
    assert detail.run.finished_at.year > 1970
    assert seen == ["Pending", "Running", "Succeeded"]  # every poll is reported, the last one too


def test_accepts_a_run_service_api(kfp_stub, kfp_api_client, run_id):
    kfp_stub.set_run_status(run_id, "Skipped")
    assert wait_for_run(RunServiceApi(kfp_api_client), run_id, poll_interval=0).run.status == "Skipped"


@pytest.mark.parametrize("status", ["Failed", "Error"])
def test_a_failed_run_is_returned_not_raised(kfp_stub, kfp_api_client, run_id, status):
    kfp_stub.set_run_status(run_id, status)
    detail = wait_for_run(kfp_api_client, run_id, poll_interval=0)
    assert detail.run.status == "Failed"  # the server reports Error as Failed


def test_a_terminated_run_ends_failed(kfp_stub, kfp_api_client, run_id):
    RunServiceApi(kfp_api_client).terminate_run(run_id)
    statuses = []

    def tick(detail):
        statuses.append(detail.run.status)
        kfp_stub.advance_clock(1)

    assert wait_for_run(kfp_api_client, run_id, poll_interval=0, on_poll=tick).run.status == "Failed"
    assert statuses == ["Terminating", "Failed"]


@pytest.mark.parametrize("status", ["succeeded", "TERMINATED", "Error", "skipped"])
def test_terminal_statuses_are_case_insensitive(recording_server, api_client, status):
    recording_server.respond(200, {"run": {"id": "r", "status": "Running"}})
    recording_server.respond(200, {"run": {"id": "r", "status": status}})
    detail = wait_for_run(api_client, "r", poll_interval=0)
    assert detail.run.status == status
    assert [r.path for r in recording_server.requests] == ["/apis/v1beta1/runs/r"] * 2


def test_timeout_raises_with_the_last_status(kfp_api_client, run_id):
    polls = []
    with pytest.raises(RunTimeoutError) as info:
        wait_for_run(kfp_api_client, run_id, timeout=0.2, poll_interval=0.05, on_poll=polls.append)
    error = info.value
    assert isinstance(error, TimeoutError) and isinstance(error, OpenApiException)
    assert error.run_id == run_id and error.last_status == "Pending" and error.timeout == 0.2
    assert error.last.run.id == run_id
    assert str(error) == f"run {run_id} did not finish within 0.2 s; last status: Pending"
    assert polls  # it did poll before giving up
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and copy.last_status == "Pending"


def test_a_zero_timeout_polls_once(recording_server, api_client):
    recording_server.respond(200, {"run": {"id": "r"}})
    with pytest.raises(RunTimeoutError, match="last status: \\(none\\)"):
        wait_for_run(api_client, "r", timeout=0)
    assert len(recording_server.requests) == 1


def test_unknown_run_raises_not_found(kfp_api_client):
    with pytest.raises(NotFoundException):
        wait_for_run(kfp_api_client, "no-such-run", poll_interval=0)


def test_on_poll_errors_propagate(kfp_api_client, run_id):
    def stop(detail):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        wait_for_run(kfp_api_client, run_id, poll_interval=0, on_poll=stop)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"run_id": ""}, ApiValueError, "run_id must be a non-empty str"),
    ({"run_id": None}, ApiValueError, "run_id must be a non-empty str"),
    ({"timeout": -1}, ApiValueError, "timeout must be a finite number >= 0"),
    ({"timeout": float("nan")}, ApiValueError, "timeout must be"),
    ({"timeout": "10"}, ApiTypeError, "timeout must be a number of seconds, got str"),
    ({"poll_interval": float("inf")}, ApiValueError, "poll_interval must be a finite number"),
    ({"poll_interval": True}, ApiTypeError, "poll_interval must be a number"),
    ({"on_poll": "print"}, ApiTypeError, "on_poll must be callable"),
])
def test_bad_arguments_fail_before_any_request(recording_server, api_client, kwargs, error, message):
    args = {"run_id": "r", **kwargs}
    with pytest.raises(error, match=message):
        wait_for_run(api_client, **args)
    assert recording_server.requests == []


def test_needs_a_client_or_run_api():
    with pytest.raises(ApiTypeError, match="expected a RunServiceApi or an ApiClient, got str"):
        wait_for_run("http://localhost", "r")
