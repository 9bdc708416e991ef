"""What the SDK puts on the wire, checked against a recording server on loopback.

The first test calls the real generated method of EVERY operation with realistic arguments and
compares the request that arrived (method, encoded path, query, headers, JSON body) with what
the contract says, then checks that the canned answer comes back as the right model. The
targeted tests below cover path encoding, hosts, value encodings, uploads and request options.
"""
import datetime
import io
import json
import urllib.parse
from typing import Any, Callable, Dict, List, Tuple

import pytest
import urllib3
from hypothesis import given, settings
from hypothesis import strategies as st
from recording_server import RecordingServer

import kfp_server_api
from kfp_server_api import api as api_module
from kfp_server_api import models
from kfp_server_api._async import AsyncResult
from kfp_server_api.api import ALL_OPERATIONS
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration
from kfp_server_api.exceptions import ApiTimeoutError
from kfp_server_api.operation import Operation

USER_AGENT = f"kfp-server-api/{kfp_server_api.__version__}/python"
#: Characters that must all be percent-encoded in a path segment.
AWKWARD = "a/b ?#%:é"

# -- realistic request bodies: model argument -> JSON the server must receive ------------------

_REFS = [models.ApiResourceReference(
    key=models.ApiResourceKey(type=models.ApiResourceType.EXPERIMENT, id="e-1"),
    relationship=models.ApiRelationship.OWNER,
)]
_REFS_JSON = [{"key": {"type": "EXPERIMENT", "id": "e-1"}, "relationship": "OWNER"}]

BODIES: Dict[str, Tuple[Any, Any]] = {
    "ApiExperiment": (
        models.ApiExperiment(name="training", description="my first experiment"),
        {"name": "training", "description": "my first experiment"},
    ),
    "ApiRun": (
        models.ApiRun(
            name="hello world",
            pipeline_spec=models.ApiPipelineSpec(
                pipeline_id="p-1",
                parameters=[models.ApiParameter(name="message", value="hi")],
            ),
            resource_references=_REFS,
            service_account="pipeline-runner",
        ),
        {"name": "hello world",
         "pipeline_spec": {"pipeline_id": "p-1", "parameters": [{"name": "message", "value": "hi"}]},
         "resource_references": _REFS_JSON, "service_account": "pipeline-runner"},
    ),
    "ApiJob": (
        models.ApiJob(
            name="nightly",
            resource_references=_REFS,
            max_concurrency=10,
            trigger=models.ApiTrigger(periodic_schedule=models.ApiPeriodicSchedule(
                start_time=datetime.datetime(2023, 3, 2), interval_second=86400)),
            enabled=True,
        ),
        {"name": "nightly", "resource_references": _REFS_JSON, "max_concurrency": "10",
         "trigger": {"periodic_schedule": {"start_time": "2023-03-02T00:00:00Z",
                                           "interval_second": "86400"}},
         "enabled": True},
    ),
    "ApiPipeline": (
        models.ApiPipeline(name="seq", url=models.ApiUrl(pipeline_url="https://example.com/seq.yaml")),
        {"name": "seq", "url": {"pipeline_url": "https://example.com/seq.yaml"}},
    ),
    "ApiPipelineVersion": (
        models.ApiPipelineVersion(
            name="v2",
            package_url=models.ApiUrl(pipeline_url="https://example.com/v2.yaml"),
            resource_references=[models.ApiResourceReference(
                key=models.ApiResourceKey(type="PIPELINE", id="p-1"), relationship="OWNER")],
        ),
        {"name": "v2", "package_url": {"pipeline_url": "https://example.com/v2.yaml"},
         "resource_references": [{"key": {"type": "PIPELINE", "id": "p-1"}, "relationship": "OWNER"}]},
    ),
    "ApiReportRunMetricsRequest": (
        models.ApiReportRunMetricsRequest(run_id="r-1", metrics=[
            models.ApiRunMetric(name="accuracy", node_id="n-1", number_value=0.92, format="PERCENTAGE")]),
        {"run_id": "r-1", "metrics": [{"name": "accuracy", "node_id": "n-1", "number_value": 0.92,
                                       "format": "PERCENTAGE"}]},
    ),
    "ApiTask": (
        models.ApiTask(pipeline_name="pipeline/hello", run_id="r-1", mlmd_execution_id="42",
                       created_at=datetime.datetime(2023, 3, 1, 12, 6), fingerprint="abc123"),
        {"pipelineName": "pipeline/hello", "runId": "r-1", "mlmdExecutionID": "42",
         "created_at": "2023-03-01T12:06:00Z", "fingerprint": "abc123"},
    ),
}

# -- realistic responses: JSON the server sends -> check of the decoded model -----------------

_RUN = {"id": "r-1", "name": "hello world", "created_at": "2023-03-01T12:05:00Z",
        "finished_at": "1970-01-01T00:00:00Z", "status": "Pending"}
_EXPERIMENT = {"id": "e-1", "name": "training", "created_at": "2023-03-01T12:00:00Z",
               "storage_state": "STORAGESTATE_AVAILABLE"}
_JOB = {"id": "j-1", "name": "nightly", "max_concurrency": "10", "enabled": True,
        "trigger": {"periodic_schedule": {"interval_second": "86400"}}}
_VERSION = {"id": "v-1", "name": "v2", "created_at": "2023-03-01T12:03:00Z",
            "package_url": {"pipeline_url": "https://example.com/v2.yaml"}}
_PIPELINE = {"id": "p-1", "name": "seq", "created_at": "2023-03-01T12:01:00Z",
             "parameters": [{"name": "param1", "value": "hello"}], "default_version": _VERSION}
_TASK = {"id": "t-1", "pipelineName": "pipeline/hello", "runId": "r-1", "mlmdExecutionID": "42"}
_T0 = datetime.datetime(2023, 3, 1, 12, 5, tzinfo=datetime.timezone.utc)

RESPONSES: Dict[str, Tuple[Any, Callable[[Any], bool]]] = {
    "object": ({}, lambda r: r == {}),
    "ApiExperiment": (_EXPERIMENT, lambda r: r.id == "e-1" and r.storage_state == "STORAGESTATE_AVAILABLE"),
    "ApiListExperimentsResponse": (
        {"experiments": [_EXPERIMENT], "total_size": 4, "next_page_token": "tok"},
        lambda r: r.experiments[0].name == "training" and r.total_size == 4 and r.next_page_token == "tok"),
    "ApiGetHealthzResponse": (
        {"commit_sha": "unknown", "tag_name": "2.0.0-beta.0", "multi_user": False},
        lambda r: r.multi_user is False),
    "ApiJob": (_JOB, lambda r: r.max_concurrency == 10 and r.trigger.periodic_schedule.interval_second == 86400),
    "ApiListJobsResponse": ({"jobs": [_JOB], "total_size": 1}, lambda r: r.jobs[0].id == "j-1"),
    "ApiPipeline": (_PIPELINE, lambda r: r.default_version.id == "v-1" and r.parameters[0].value == "hello"),
    "ApiPipelineVersion": (_VERSION, lambda r: r.package_url.pipeline_url.endswith("v2.yaml")),
    "ApiListPipelinesResponse": ({"pipelines": [_PIPELINE], "total_size": 1},
                                 lambda r: r.pipelines[0].id == "p-1"),
    "ApiListPipelineVersionsResponse": ({"versions": [_VERSION], "total_size": 1},
                                        lambda r: r.versions[0].name == "v2"),
    "ApiGetTemplateResponse": ({"template": "kind: Workflow"}, lambda r: r.template == "kind: Workflow"),
    "ApiRunDetail": ({"run": _RUN, "pipeline_runtime": {"workflow_manifest": "{}"}},
                     lambda r: r.run.id == "r-1" and r.run.created_at == _T0
                     and r.pipeline_runtime.workflow_manifest == "{}"),
    "ApiListRunsResponse": ({"runs": [_RUN], "total_size": 1, "next_page_token": "n"},
                            lambda r: r.runs[0].status == "Pending"),
    "ApiReadArtifactResponse": ({"data": "aGVsbG8="}, lambda r: r.data == b"hello"),
    "ApiReportRunMetricsResponse": (
        {"results": [{"metric_name": "accuracy", "metric_node_id": "n-1", "status": "OK"}]},
        lambda r: r.results[0].status == "OK"),
    "ApiTask": (_TASK, lambda r: r.pipeline_name == "pipeline/hello" and r.mlmd_execution_id == "42"),
    "ApiListTasksResponse": ({"tasks": [_TASK], "total_size": 1}, lambda r: r.tasks[0].run_id == "r-1"),
}

_FILTER = models.ApiFilter(predicates=[models.ApiPredicate(op="EQUALS", key="name", string_value="x y")])
_FILTER_JSON = '{"predicates":[{"op":"EQUALS","key":"name","string_value":"x y"}]}'
_UPLOAD = b"apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n"


def _arguments(op: Operation) -> Tuple[Dict[str, Any], str, List[Tuple[str, str]]]:
    """Realistic keyword arguments for ``op``, with the path and query expected on the wire."""
    kwargs: Dict[str, Any] = {}
    path = op.path
    query: List[Tuple[str, str]] = []
    for param in op.params:
        if param.location == "path":
            value = f"{param.name}:{AWKWARD}"
            kwargs[param.name] = value
            path = path.replace("{" + param.wire + "}", urllib.parse.quote(value, safe=""))
        elif param.location == "query":
            if param.enum:
                value, sent = param.enum[1], param.enum[1]
            elif param.type == "int":
                value, sent = 25, "25"
            elif param.wire == "filter":
                value, sent = _FILTER, _FILTER_JSON
            else:
                value = sent = f"{param.wire} välue+&="
            kwargs[param.name] = value
            query.append((param.wire, sent))
        elif param.location == "body":
            kwargs[param.name] = BODIES[param.type][0]
        elif param.location == "form":
            kwargs[param.name] = ("hello-world.yaml", _UPLOAD)
    return kwargs, path, query


def _api_for(op: Operation, client: ApiClient) -> Any:
    return getattr(api_module, op.api)(client)


def test_every_operation_is_covered() -> None:
    assert len(ALL_OPERATIONS) == 39
    assert len({(op.method, op.path) for op in ALL_OPERATIONS}) == 39
    for op in ALL_OPERATIONS:
        assert op.response_type in RESPONSES, op.name
        for param in op.params:
            if param.location == "body":
                assert param.type in BODIES, (op.name, param.type)


@pytest.mark.parametrize("op", ALL_OPERATIONS, ids=[op.name for op in ALL_OPERATIONS])
def test_operation_on_the_wire(op: Operation, recording_server: Any, api_client: ApiClient, token: str) -> None:
    kwargs, path, query = _arguments(op)
    canned, check = RESPONSES[op.response_type]
    recording_server.respond(200, canned)

    result = getattr(_api_for(op, api_client), op.name)(**kwargs)

    request = recording_server.last
    assert len(recording_server.requests) == 1
    assert request.method == op.method
    assert request.path == path
    assert request.query == query
    if op.auth:
        assert request.headers["authorization"] == f"Bearer {token}"
    else:  # the task API declares no security scheme
        assert "authorization" not in request.headers
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"] == USER_AGENT
    body_param = next((p for p in op.params if p.location in ("body", "form")), None)
    if body_param is None:
        assert request.body == b""
        assert "content-type" not in request.headers
    elif body_param.location == "body":
        assert request.headers["content-type"] == "application/json"
        assert request.json() == BODIES[body_param.type][1]
    else:
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
        assert b'name="uploadfile"; filename="hello-world.yaml"' in request.body
        assert b"Content-Type: application/octet-stream\r\n\r\n" + _UPLOAD in request.body

    if op.response_type == "object":
        assert result == {} and isinstance(result, dict)
    else:
        assert type(result).__name__ == op.response_type
        assert check(result), result


# -- path and host ------------------------------------------------------------------------------


@pytest.mark.parametrize("run_id, encoded", [
    ("a/b", "a%2Fb"),
    ("what?", "what%3F"),
    ("x#frag", "x%23frag"),
    ("100%", "100%25"),
    ("ns:name", "ns%3Aname"),
    ("with space", "with%20space"),
    ("é✓", "%C3%A9%E2%9C%93"),
    ("..", "%2E%2E"),  # never resolved into the parent path
    (".", "%2E"),
    ("v1.2", "v1.2"),
])
def test_path_params_are_percent_encoded(run_id: str, encoded: str, recording_server: Any,
                                         api_client: ApiClient) -> None:
    recording_server.respond(200, {"run": {"id": run_id}})
    detail = api_module.RunServiceApi(api_client).get_run(run_id)
    assert recording_server.last.raw_path == f"/apis/v1beta1/runs/{encoded}"
    assert detail.run.id == run_id


def test_safe_chars_for_path_param_can_keep_slashes(recording_server: Any, api_config: Configuration) -> None:
    api_config.safe_chars_for_path_param = "/"
    with ApiClient(api_config) as client:
        api_module.RunServiceApi(client).delete_run("a/b c")
    assert recording_server.last.raw_path == "/apis/v1beta1/runs/a/b%20c"


@pytest.mark.parametrize("suffix", ["", "/", "/pipeline", "/pipeline/"])
def test_host_with_and_without_trailing_slash_or_prefix(suffix: str, recording_server: Any,
                                                         api_config: Configuration) -> None:
    api_config.host = recording_server.url + suffix
    with ApiClient(api_config) as client:
        api_module.HealthzServiceApi(client).get_healthz()
    prefix = suffix.rstrip("/")
    assert recording_server.last.raw_path == f"{prefix}/apis/v1beta1/healthz"


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(run_id=_TEXT, node_id=_TEXT, sort_by=st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_text_arrives_intact(run_id: str, node_id: str, sort_by: str) -> None:
    """Whatever the id, the request reaches the intended route with the id intact."""
    with RecordingServer() as server:
        client = ApiClient(Configuration(host=server.url))
        api_module.RunServiceApi(client).read_artifact(run_id, node_id, "main-logs")
        api_module.RunServiceApi(client).list_runs(sort_by=sort_by, filter=sort_by or None)
        client.close()
    artifact, listing = server.requests
    segments = artifact.raw_path.split("/")
    assert segments[:4] == ["", "apis", "v1beta1", "runs"] and len(segments) == 9
    assert urllib.parse.unquote(segments[4]) == run_id
    assert urllib.parse.unquote(segments[6]) == node_id
    assert segments[7:] == ["artifacts", "main-logs:read"]
    assert listing.path == "/apis/v1beta1/runs"
    assert listing.query == [("sort_by", sort_by)] + ([("filter", sort_by)] if sort_by else [])


# -- value encodings ----------------------------------------------------------------------------


def test_int64_fields_are_sent_as_strings_and_read_back_as_int(recording_server: Any,
                                                               api_client: ApiClient) -> None:
    recording_server.respond(200, {"id": "j", "max_concurrency": "3"})
    job = api_module.JobServiceApi(api_client).create_job(models.ApiJob(
        name="j", max_concurrency=3,
        trigger=models.ApiTrigger(periodic_schedule=models.ApiPeriodicSchedule(interval_second=2**40))))
    sent = recording_server.last.json()
    assert sent["max_concurrency"] == "3"
    assert sent["trigger"]["periodic_schedule"]["interval_second"] == str(2**40)
    assert job.max_concurrency == 3


def test_naive_datetime_is_sent_as_utc_with_z(recording_server: Any, api_client: ApiClient) -> None:
    api_module.TaskServiceApi(api_client).create_task(
        models.ApiTask(run_id="r", created_at=datetime.datetime(2023, 3, 1, 12, 6, 7)))
    assert recording_server.last.json()["created_at"] == "2023-03-01T12:06:07Z"


def test_dict_body_is_sent_as_given(recording_server: Any, api_client: ApiClient) -> None:
    body = {"name": "raw", "storage_state": "STORAGESTATE_AVAILABLE", "extra_field": [1, 2]}
    api_module.ExperimentServiceApi(api_client).create_experiment(body)
    assert recording_server.last.json() == body


def test_filter_string_is_sent_untouched(recording_server: Any, api_client: ApiClient) -> None:
    raw = '{"predicates": [{"op": 1, "key": "name", "stringValue": "a+b"}]}'
    api_module.ExperimentServiceApi(api_client).list_experiment(filter=raw, page_token="")
    assert recording_server.last.query == [("page_token", ""), ("filter", raw)]
    assert "+" not in recording_server.last.raw_path.split("?", 1)[1].replace("%2B", "")


def test_filter_dict_is_sent_as_compact_json(recording_server: Any, api_client: ApiClient) -> None:
    api_module.RunServiceApi(api_client).list_runs(
        filter={"predicates": [{"op": "IN", "key": "status", "string_values": {"values": ["Failed"]}}]})
    assert recording_server.last.query == [
        ("filter", '{"predicates":[{"op":"IN","key":"status","string_values":{"values":["Failed"]}}]}')]


def test_enum_constant_is_sent_as_its_name(recording_server: Any, api_client: ApiClient) -> None:
    api_module.PipelineServiceApi(api_client).list_pipeline_versions(
        resource_key_type=models.ApiResourceType.PIPELINE, resource_key_id="p-1")
    assert recording_server.last.query == [("resource_key.type", "PIPELINE"), ("resource_key.id", "p-1")]


# -- uploads ------------------------------------------------------------------------------------


def _uploaded(recording_server: Any) -> Tuple[str, bytes]:
    """(file name, content) of the one ``uploadfile`` part of the last request."""
    request = recording_server.last
    boundary = request.headers["content-type"].split("boundary=", 1)[1].encode()
    parts = [p for p in request.body.split(b"--" + boundary) if p.strip(b"-\r\n")]
    assert len(parts) == 1
    head, _, content = parts[0].partition(b"\r\n\r\n")
    assert b'Content-Disposition: form-data; name="uploadfile"; filename="' in head
    assert b"Content-Type: application/octet-stream" in head
    filename = head.split(b'filename="', 1)[1].split(b'"', 1)[0].decode()
    return filename, content[: -len(b"\r\n")]


def test_upload_from_a_path(tmp_path: Any, recording_server: Any, api_client: ApiClient) -> None:
    package = tmp_path / "hello-world.yaml"
    package.write_bytes(_UPLOAD)
    recording_server.respond(200, {"id": "p-1", "name": "hello-world.yaml"})
    uploads = api_module.PipelineUploadServiceApi(api_client)

    pipeline = uploads.upload_pipeline(str(package), name="hello world", description=None)

    assert recording_server.last.path == "/apis/v1beta1/pipelines/upload"
    assert recording_server.last.query == [("name", "hello world")]
    assert _uploaded(recording_server) == ("hello-world.yaml", _UPLOAD)
    assert pipeline.id == "p-1"

    uploads.upload_pipeline_version(package, name="v2", pipelineid="p-1")  # a PathLike works too
    assert recording_server.last.query == [("name", "v2"), ("pipelineid", "p-1")]
    assert _uploaded(recording_server) == ("hello-world.yaml", _UPLOAD)


def test_upload_from_bytes_and_file_objects(tmp_path: Any, recording_server: Any, api_client: ApiClient) -> None:
    uploads = api_module.PipelineUploadServiceApi(api_client)
    uploads.upload_pipeline(_UPLOAD)
    assert _uploaded(recording_server) == ("uploadfile", _UPLOAD)

    uploads.upload_pipeline(io.BytesIO(_UPLOAD))
    assert _uploaded(recording_server) == ("uploadfile", _UPLOAD)

    package = tmp_path / "pipeline.json"
    package.write_bytes(b'{"kind": "Workflow"}')
    with open(package, "rb") as f:
        uploads.upload_pipeline(f)
    assert _uploaded(recording_server) == ("pipeline.json", b'{"kind": "Workflow"}')

    uploads.upload_pipeline(("named.yaml", b"\x00\xffbinary"))
    assert _uploaded(recording_server) == ("named.yaml", b"\x00\xffbinary")


# -- request options ----------------------------------------------------------------------------


def test_preload_content_false_returns_the_unread_response(recording_server: Any, api_client: ApiClient) -> None:
    recording_server.respond(200, {"run": {"id": "r-1"}})
    raw = api_module.RunServiceApi(api_client).get_run("r-1", _preload_content=False)
    try:
        assert isinstance(raw, urllib3.response.HTTPResponse)
        assert raw.status == 200
        assert json.loads(raw.read()) == {"run": {"id": "r-1"}}
    finally:
        raw.release_conn()


def test_with_http_info_returns_data_status_and_headers(recording_server: Any, api_client: ApiClient) -> None:
    recording_server.respond(200, {"id": "e-1"}, headers={"X-Request-Id": "abc"})
    data, status, headers = api_module.ExperimentServiceApi(api_client).get_experiment_with_http_info("e-1")
    assert data.id == "e-1" and status == 200
    assert headers["x-request-id"] == "abc" and headers["Content-Type"] == "application/json"

    recording_server.respond(200, {"id": "e-2"})
    data, status, _ = api_module.ExperimentServiceApi(api_client).get_experiment(
        "e-2", _return_http_data_only=False)
    assert (data.id, status) == ("e-2", 200)


def test_extra_headers_cookie_and_default_headers(recording_server: Any, api_config: Configuration) -> None:
    with ApiClient(api_config, header_name="X-Team", header_value="ml", cookie="session=abc") as client:
        client.set_default_header("X-Trace", "t-1")
        client.user_agent = "my-tool/2"
        api_module.HealthzServiceApi(client).get_healthz(_headers={"X-Once": "1"})
    headers = recording_server.last.headers
    assert headers["x-team"] == "ml" and headers["x-trace"] == "t-1" and headers["x-once"] == "1"
    assert headers["cookie"] == "session=abc"
    assert headers["user-agent"] == "my-tool/2"


def test_request_timeout_number_and_pair(silent_server: Any) -> None:
    config = Configuration(host=silent_server.url)
    config.retries = False
    with ApiClient(config) as client:
        runs = api_module.RunServiceApi(client)
        for timeout in (0.2, (1.0, 0.2)):
            with pytest.raises(ApiTimeoutError) as info:
                runs.get_run("r-1", _request_timeout=timeout)
            assert isinstance(info.value, urllib3.exceptions.ReadTimeoutError)
            assert "GET /apis/v1beta1/runs/r-1" in str(info.value)


def test_async_req_returns_an_async_result(recording_server: Any, api_config: Configuration) -> None:
    with ApiClient(api_config, pool_threads=2) as client:
        assert not client.pool.started  # no threads until the first async call
        recording_server.respond(200, {"run": {"id": "r-1"}})
        result = api_module.RunServiceApi(client).get_run("r-1", async_req=True)
        assert isinstance(result, AsyncResult)
        detail = result.get(timeout=10)
        assert result.ready() and result.successful()
        assert detail.run.id == "r-1"
        assert client.pool.started

        recording_server.respond(404, {"error": "nope", "code": 5, "message": "nope"})
        failing = api_module.RunServiceApi(client).get_run("r-2", async_req=True)
        failing.wait(10)
        assert failing.ready() and not failing.successful()
        with pytest.raises(kfp_server_api.exceptions.NotFoundException):
            failing.get()

        http_info = api_module.RunServiceApi(client).get_run_with_http_info("r-3", async_req=True)
        data, status, _ = http_info.get(10)
        assert status == 200
    assert not client.pool.started


def test_call_api_uses_the_same_request_path(recording_server: Any, api_client: ApiClient, token: str) -> None:
    recording_server.respond(200, {"id": "e-1", "name": "x"})
    data, status, headers = api_client.call_api(
        "/apis/v1beta1/experiments/{id}", "GET", path_params={"id": "a b"},
        query_params=[("x", ["1", "2"]), ("y", "z")], collection_formats={"x": "multi"},
        header_params={"Accept": "application/json"}, response_type="ApiExperiment",
        auth_settings=["Bearer"])
    request = recording_server.last
    assert request.raw_path == "/apis/v1beta1/experiments/a%20b?x=1&x=2&y=z"
    assert request.headers["authorization"] == f"Bearer {token}"
    assert data.name == "x" and status == 200

    api_client.call_api("/apis/v1beta1/experiments", "POST", body=models.ApiExperiment(name="n"),
                        response_type="object", _return_http_data_only=True)
    assert recording_server.last.json() == {"name": "n"}
    assert recording_server.last.headers["content-type"] == "application/json"
