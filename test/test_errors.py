"""Errors as a user sees them: HTTP error statuses, unreadable success bodies, transport
failures and bad arguments, each against a real server on loopback."""
import json
from typing import Any

import pytest
import urllib3
from urllib3.util.retry import Retry

from kfp_server_api import models
from kfp_server_api.api import ExperimentServiceApi, PipelineUploadServiceApi, RunServiceApi
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration
from kfp_server_api.exceptions import (
    ApiConnectionError,
    ApiDecodeError,
    ApiException,
    ApiTimeoutError,
    ApiTypeError,
    ApiValueError,
    BadRequestException,
    ConflictException,
    ForbiddenException,
    NotFoundException,
    OpenApiException,
    ServiceException,
    UnauthorizedException,
)


def _gateway_error(code: int, message: str, short: str) -> dict:
    return {"error": message, "code": code, "message": message,
            "details": [{"@type": "type.googleapis.com/google.rpc.Status", "code": code, "message": short}]}


NOT_FOUND = _gateway_error(
    5, "Failed to get a v1beta1 run: Failed to fetch run x: ResourceNotFoundError: Run x not found",
    "Run x not found")


@pytest.mark.parametrize("status, reason, cls, code", [
    (400, "Bad Request", BadRequestException, 3),
    (401, "Unauthorized", UnauthorizedException, 16),
    (403, "Forbidden", ForbiddenException, 7),
    (404, "Not Found", NotFoundException, 5),
    (409, "Conflict", ConflictException, 6),
    (500, "Internal Server Error", ServiceException, 13),
    (503, "Service Unavailable", ServiceException, 14),
    (418, "I'm a teapot", ApiException, 2),
])
def test_error_status_gives_its_exception(status: int, reason: str, cls: type, code: int,
                                          recording_server: Any, api_client: ApiClient) -> None:
    body = _gateway_error(code, f"Failed to get a v1beta1 run: problem {status}", f"problem {status}")
    recording_server.respond(status, body, reason=reason)

    with pytest.raises(cls) as info:
        RunServiceApi(api_client).get_run("x")

    e = info.value
    assert type(e) is cls and isinstance(e, ApiException)
    assert e.status == status and e.reason == reason
    assert json.loads(e.body) == body
    assert e.headers["Content-Type"] == "application/json"
    assert e.code == code
    assert e.message == e.error == f"Failed to get a v1beta1 run: problem {status}"
    assert e.details[0]["message"] == f"problem {status}"
    assert str(e) == (f"GET /apis/v1beta1/runs/x (get_run): ({status}) {reason}: "
                      f"Failed to get a v1beta1 run: problem {status}")


def test_not_found_message_is_one_line_naming_the_operation(recording_server: Any, api_client: ApiClient) -> None:
    recording_server.respond(404, NOT_FOUND)
    with pytest.raises(NotFoundException) as info:
        RunServiceApi(api_client).get_run("x")
    assert str(info.value) == (
        "GET /apis/v1beta1/runs/x (get_run): (404) Not Found: Failed to get a v1beta1 run: "
        "Failed to fetch run x: ResourceNotFoundError: Run x not found")
    assert info.value.operation == "get_run" and info.value.path == "/apis/v1beta1/runs/x"


def test_error_status_is_raised_even_without_preloading(recording_server: Any, api_client: ApiClient) -> None:
    recording_server.respond(404, NOT_FOUND)
    with pytest.raises(NotFoundException) as info:
        RunServiceApi(api_client).get_run("x", _preload_content=False)
    assert json.loads(info.value.body) == NOT_FOUND and info.value.code == 5


def test_internal_error_with_stack_trace_stays_one_line(recording_server: Any, api_client: ApiClient) -> None:
    chain = "Internal error: boom\ngoroutine 1 [running]:\n\tmain.go:12\n" + "frame\n" * 200
    recording_server.respond(500, {"error": chain, "code": 13, "message": chain})
    with pytest.raises(ServiceException) as info:
        ExperimentServiceApi(api_client).delete_experiment("e")
    text = str(info.value)
    assert "\n" not in text and len(text) < 400
    assert text.startswith("DELETE /apis/v1beta1/experiments/e (delete_experiment): (500) "
                           "Internal Server Error: Internal error: boom goroutine 1")
    assert info.value.message == chain and info.value.details is None  # full text kept


def test_upload_error_body_is_parsed(recording_server: Any, api_client: ApiClient) -> None:
    body = {"error_message": "Failed to create a pipeline: Already exist error: name taken",
            "error_details": "Failed to create a pipeline: ... stack"}
    recording_server.respond(500, json.dumps(body))  # the upload handlers send text/plain
    with pytest.raises(ServiceException) as info:
        PipelineUploadServiceApi(api_client).upload_pipeline(b"kind: Workflow")
    e = info.value
    assert e.message == e.error == body["error_message"]
    assert e.details == body["error_details"] and e.code is None
    assert str(e).endswith("(500) Internal Server Error: " + body["error_message"])


def test_deeply_nested_error_body_is_kept_as_text(recording_server: Any, api_client: ApiClient) -> None:
    body = "[" * 100_000
    recording_server.respond(500, body)
    with pytest.raises(ServiceException) as info:
        RunServiceApi(api_client).get_run("r")
    assert info.value.body == body and info.value.message is None
    assert len(str(info.value)) < 400


def test_plain_text_error_body(recording_server: Any, api_client: ApiClient) -> None:
    recording_server.respond(405, "Method Not Allowed", reason="Method Not Allowed")
    with pytest.raises(ApiException) as info:
        RunServiceApi(api_client).retry_run("r")
    e = info.value
    assert e.status == 405 and e.message is None and e.code is None and e.body == "Method Not Allowed"
    assert str(e) == "POST /apis/v1beta1/runs/r/retry (retry_run): (405) Method Not Allowed: Method Not Allowed"


def test_credentials_never_appear_in_errors(recording_server: Any, api_config: Configuration,
                                            token: str) -> None:
    recording_server.respond(401, _gateway_error(16, "Unauthenticated: bad token", "bad token"),
                             headers={"Set-Cookie": "session=other-secret"})
    with ApiClient(api_config, cookie="session=cookie-secret") as client, \
            pytest.raises(UnauthorizedException) as info:
        RunServiceApi(client).get_run("x")
    for text in (str(info.value), repr(info.value)):
        assert token not in text and "cookie-secret" not in text and "other-secret" not in text
    assert recording_server.last.headers["authorization"] == f"Bearer {token}"


def test_api_exception_can_be_built_by_users() -> None:
    e = ApiException(status=404, reason="Not Found")
    assert (e.status, e.reason, e.body, e.message) == (404, "Not Found", None, None)
    assert str(e) == "(404) Not Found"
    assert isinstance(e, OpenApiException)


# -- success responses that cannot be read ------------------------------------------------------


@pytest.mark.parametrize("body, problem", [
    (b"<html>proxy login</html>", "response body is not JSON"),
    (b'{"run": {"id": "r"', "response body is not JSON"),
    (b"\xff\xfe{}", "response body is not UTF-8"),
    (b'{"run": "not an object"}', "response does not match ApiRunDetail"),
    (b'{"run": {"created_at": "yesterday"}}', "response does not match ApiRunDetail"),
    (b"[1, 2]", "response does not match ApiRunDetail"),
    (b"null", "response body is JSON null"),
    (b"[" * 100_000 + b"]" * 100_000, "response body is JSON nested too deeply to read"),
    (b"", "empty response body"),
])
def test_unreadable_success_body(body: bytes, problem: str, recording_server: Any, api_client: ApiClient) -> None:
    recording_server.respond(200, body, headers={"Content-Type": "text/html"})
    with pytest.raises(ApiDecodeError) as info:
        RunServiceApi(api_client).get_run("r")
    e = info.value
    assert isinstance(e, ApiException)
    assert e.status == 200 and e.reason == "OK"
    assert e.raw_body == body and e.headers["Content-Type"] == "text/html"
    assert problem in str(e) and "(get_run)" in str(e) and "\n" not in str(e)


def test_empty_success_body_is_an_empty_dict_for_object_responses(recording_server: Any,
                                                                  api_client: ApiClient) -> None:
    recording_server.respond(200, b"")
    assert RunServiceApi(api_client).archive_run("r") == {}
    recording_server.respond(204, b"")
    assert ExperimentServiceApi(api_client).delete_experiment("e") == {}


# -- transport failures -------------------------------------------------------------------------


def test_connection_refused_is_still_a_urllib3_max_retry_error(closed_port: int) -> None:
    config = Configuration(host=f"http://127.0.0.1:{closed_port}")
    config.retries = Retry(total=1, backoff_factor=0)
    with ApiClient(config) as client, pytest.raises(urllib3.exceptions.MaxRetryError) as info:
        RunServiceApi(client).get_run("r")
    e = info.value
    assert isinstance(e, ApiConnectionError) and not isinstance(e, ApiException)
    assert not isinstance(e, ApiTimeoutError)
    assert isinstance(e.reason, urllib3.exceptions.NewConnectionError)
    assert str(e).startswith("GET /apis/v1beta1/runs/r: cannot connect")


def test_server_that_never_answers_times_out(silent_server: Any) -> None:
    config = Configuration(host=silent_server.url)
    config.retries = 0
    with ApiClient(config) as client, pytest.raises(ApiTimeoutError) as info:
        ExperimentServiceApi(client).list_experiment(_request_timeout=0.2)
    e = info.value
    assert isinstance(e, urllib3.exceptions.MaxRetryError)
    assert isinstance(e.reason, urllib3.exceptions.ReadTimeoutError)
    assert "timed out waiting for the response" in str(e)


# -- bad arguments: raised before anything is sent ----------------------------------------------


def test_unknown_keyword_argument(recording_server: Any, api_client: ApiClient) -> None:
    with pytest.raises(ApiTypeError) as info:
        RunServiceApi(api_client).get_run("r", colour="red")
    assert str(info.value) == "Got an unexpected keyword argument 'colour' to method get_run"
    assert info.value.message == str(info.value)
    assert isinstance(info.value, TypeError)
    assert recording_server.requests == []


@pytest.mark.parametrize("call", [
    lambda api: api.get_run(),
    lambda api: api.get_run(None),
    lambda api: api.get_run(""),
    lambda api: api.get_run(run_id=None, async_req=True),
])
def test_missing_or_empty_required_parameter(call: Any, recording_server: Any, api_client: ApiClient) -> None:
    with pytest.raises(ApiValueError) as info:
        call(RunServiceApi(api_client))
    assert str(info.value) == "Missing the required parameter `run_id` when calling `get_run`"
    assert isinstance(info.value, ValueError)
    assert recording_server.requests == []


def test_missing_body_and_upload_file(recording_server: Any, api_client: ApiClient) -> None:
    with pytest.raises(ApiValueError, match="`body` when calling `create_run`"):
        RunServiceApi(api_client).create_run()
    with pytest.raises(ApiValueError, match="`uploadfile` when calling `upload_pipeline`"):
        PipelineUploadServiceApi(api_client).upload_pipeline(None)
    with pytest.raises(ApiValueError, match="Cannot read the file given as parameter `uploadfile`"):
        PipelineUploadServiceApi(api_client).upload_pipeline("/no/such/file.yaml")
    assert recording_server.requests == []


@pytest.mark.parametrize("call, exc, text", [
    (lambda c: RunServiceApi(c).get_run(5), ApiTypeError,
     "Invalid type for parameter `run_id` when calling `get_run`: expected str, got int"),
    (lambda c: RunServiceApi(c).list_runs(page_size="10"), ApiTypeError,
     "Invalid type for parameter `page_size` when calling `list_runs`: expected int, got str"),
    (lambda c: RunServiceApi(c).list_runs(page_size=True), ApiTypeError,
     "Invalid type for parameter `page_size` when calling `list_runs`: expected int, got bool"),
    (lambda c: RunServiceApi(c).list_runs(resource_reference_key_type="EXPERIMENTS"), ApiValueError,
     "Invalid value for parameter `resource_reference_key_type` when calling `list_runs`: 'EXPERIMENTS' "
     "is not one of ['UNKNOWN_RESOURCE_TYPE', 'EXPERIMENT', 'JOB', 'PIPELINE', 'PIPELINE_VERSION', 'NAMESPACE']"),
    (lambda c: RunServiceApi(c).create_run(models.ApiJob(name="j")), ApiTypeError,
     "Invalid type for parameter `body` when calling `create_run`: expected ApiRun or dict, got ApiJob"),
    (lambda c: RunServiceApi(c).create_run("{}"), ApiTypeError,
     "Invalid type for parameter `body` when calling `create_run`: expected ApiRun or dict, got str"),
    (lambda c: RunServiceApi(c).create_run({"name": {1, 2}}), ApiTypeError, "cannot send a set value"),
    (lambda c: RunServiceApi(c).list_runs(filter=object()), ApiTypeError, "cannot send a object value"),
    (lambda c: PipelineUploadServiceApi(c).upload_pipeline(12), ApiTypeError,
     "expected a file path, bytes, a binary file object or a (file name, bytes) tuple, got int"),
    (lambda c: RunServiceApi(c).get_run("r", _request_timeout="soon"), ApiValueError, "Invalid timeout 'soon'"),
    (lambda c: RunServiceApi(c).get_run("r", _request_timeout=-1), ApiValueError, "Invalid timeout -1"),
    (lambda c: RunServiceApi(c).get_run("r", _request_timeout=(1, "x")), ApiValueError, "Invalid timeout (1, 'x')"),
])
def test_wrong_argument_types_and_values(call: Any, exc: type, text: str, recording_server: Any,
                                         api_client: ApiClient) -> None:
    with pytest.raises(exc) as info:
        call(api_client)
    assert text in str(info.value)
    assert recording_server.requests == []


def test_header_values_that_cannot_be_sent(recording_server: Any, api_config: Configuration) -> None:
    with ApiClient(api_config) as client:
        with pytest.raises(ApiValueError, match=r"header 'X-Note' contains a line break"):
            RunServiceApi(client).get_run("r", _headers={"X-Note": "a\r\nInjected: yes"})
        with pytest.raises(ApiValueError, match=r"header 'X-Note' contains characters outside latin-1"):
            RunServiceApi(client).get_run("r", _headers={"X-Note": "✓"})
        api_config.api_key["authorization"] = "tok\nen-secret"
        with pytest.raises(ApiValueError) as info:
            RunServiceApi(client).get_run("r")
        assert "authorization" in str(info.value) and "en-secret" not in str(info.value)
    assert recording_server.requests == []


def test_a_header_that_was_fine_before_is_checked_again_when_it_changes(recording_server: Any,
                                                                        api_config: Configuration) -> None:
    """Values that passed the checks are remembered per header name (a speed-up for the headers
    every request repeats); a changed value is checked afresh, and credentials always are."""
    with ApiClient(api_config) as client:
        api = RunServiceApi(client)
        api_config.api_key["authorization"] = "good-token"
        api.get_run("r", _headers={"X-Note": "fine"})
        api.get_run("r", _headers={"X-Note": "fine"})
        with pytest.raises(ApiValueError, match=r"header 'X-Note' contains a line break"):
            api.get_run("r", _headers={"X-Note": "fine\r\nInjected: yes"})
        api_config.api_key["authorization"] = "bad\ntoken"
        with pytest.raises(ApiValueError) as info:
            api.get_run("r")
        assert "authorization" in str(info.value) and "token" not in str(info.value).split("authorization")[1]
    assert [r.headers.get("x-note") for r in recording_server.requests] == ["fine", "fine"]


@pytest.mark.parametrize("host", ["kfp.example.com:8888", "http://", "ftp://kfp", "http://[::1", "",
                                  "https://user:pw@"])
def test_host_that_is_not_an_http_url(host: str) -> None:
    config = Configuration()
    config.host = host
    with ApiClient(config) as client, pytest.raises(ApiValueError) as info:
        RunServiceApi(client).get_run("r")
    assert str(info.value).startswith("Configuration.host must be an http:// or https:// URL")
    assert "pw" not in str(info.value)


def test_text_mode_file_object_is_rejected(tmp_path: Any, recording_server: Any, api_client: ApiClient) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("kind: Workflow")
    with open(path) as f, pytest.raises(ApiTypeError, match=r"opened in binary mode \('rb'\)"):
        PipelineUploadServiceApi(api_client).upload_pipeline(f)
    assert recording_server.requests == []


def test_client_side_validation_off_sends_what_it_is_given(recording_server: Any,
                                                           api_config: Configuration) -> None:
    api_config.client_side_validation = False
    with ApiClient(api_config) as client:
        RunServiceApi(client).list_runs(page_size="10", resource_reference_key_type="FUTURE_TYPE")
    assert recording_server.last.query == [("page_size", "10"), ("resource_reference_key.type", "FUTURE_TYPE")]
