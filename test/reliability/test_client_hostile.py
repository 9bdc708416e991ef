"""Hostile responses: whatever a server answers, the client returns a correct model or raises
an ``ApiException`` subclass carrying the status and the raw body.

A loopback :class:`~rel_support.RawServer` answers each request with bytes drawn by hypothesis:
valid documents with one value replaced by arbitrary JSON (wrong shapes: arrays for objects,
strings for numbers...), truncated JSON, random bytes, non-UTF-8 text, 100,000 levels of
nesting, huge numbers, invalid timestamps, empty bodies and 204s, with a missing or wrong
Content-Type and random statuses. Never acceptable: AttributeError, KeyError, TypeError,
UnicodeDecodeError, RecursionError (anything that is not an ``ApiException``), or a model that
silently lost what the body said.
"""
import gzip
import json
import os
import subprocess
import sys
from collections import Counter
from typing import Any, Callable, Dict, Iterator, Optional, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_support import RawServer, http_response

import kfp_server_api
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration
from kfp_server_api.exceptions import ApiDecodeError, ApiException

EXAMPLES = 60

RUN = {
    "id": "r1", "name": "run one", "storage_state": "STORAGESTATE_AVAILABLE", "description": "d",
    "pipeline_spec": {"pipeline_id": "p1", "parameters": [{"name": "a", "value": "1"}]},
    "resource_references": [{"key": {"type": "EXPERIMENT", "id": "e1"}, "relationship": "OWNER"}],
    "created_at": "2024-05-01T10:00:00Z", "scheduled_at": "2024-05-01T10:00:00Z",
    "finished_at": "1970-01-01T00:00:00Z", "status": "Running",
    "metrics": [{"name": "acc", "node_id": "n1", "number_value": 0.5, "format": "RAW"}],
}
EXPERIMENT = {"id": "e1", "name": "exp", "description": "d", "created_at": "2024-05-01T10:00:00Z",
              "resource_references": [{"key": {"type": "NAMESPACE", "id": "ns"}, "relationship": "OWNER"}],
              "storage_state": "STORAGESTATE_AVAILABLE"}

#: name -> (call, model class or None for untyped ``object`` answers, a valid body)
OPERATIONS: Dict[str, Tuple[Callable[[ApiClient], Any], Optional[type], Any]] = {
    "get_run": (lambda c: kfp_server_api.RunServiceApi(c).get_run("r1"), kfp_server_api.ApiRunDetail,
                {"run": RUN, "pipeline_runtime": {"workflow_manifest": "{}"}}),
    "list_runs": (lambda c: kfp_server_api.RunServiceApi(c).list_runs(page_size=2),
                  kfp_server_api.ApiListRunsResponse, {"runs": [RUN, RUN], "total_size": 2, "next_page_token": "t"}),
    "get_experiment": (lambda c: kfp_server_api.ExperimentServiceApi(c).get_experiment("e1"),
                       kfp_server_api.ApiExperiment, EXPERIMENT),
    "get_healthz": (lambda c: kfp_server_api.HealthzServiceApi(c).get_healthz(),
                    kfp_server_api.ApiGetHealthzResponse, {"commit_sha": "abc", "tag_name": "2.0.0", "multi_user": True}),
    "delete_run": (lambda c: kfp_server_api.RunServiceApi(c).delete_run("r1"), None, {}),
    "create_run": (lambda c: kfp_server_api.RunServiceApi(c).create_run(kfp_server_api.ApiRun(name="x")),
                   kfp_server_api.ApiRunDetail, {"run": RUN}),
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def _paths(doc: Any, prefix: Tuple[Any, ...] = ()) -> Iterator[Tuple[Any, ...]]:
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


def _replace(doc: Any, path: Tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(doc))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


@st.composite
def bodies(draw: Any, valid: Any) -> Tuple[str, bytes]:
    """(kind, body bytes) of one hostile answer derived from a ``valid`` document."""
    text = json.dumps(valid).encode()
    kind = draw(st.sampled_from([
        "valid", "wrong shape", "wrong shape", "truncated", "random bytes", "non-utf8", "huge number",
        "bad timestamp", "empty", "wrong top level",
    ]))
    if kind == "valid":
        return kind, text
    if kind == "wrong shape":
        path = draw(st.sampled_from(list(_paths(valid))))
        return kind, json.dumps(_replace(valid, path, draw(json_values))).encode()
    if kind == "truncated":
        return kind, text[: draw(st.integers(0, max(0, len(text) - 1)))]
    if kind == "random bytes":
        return kind, draw(st.binary(min_size=1, max_size=200))
    if kind == "non-utf8":
        cut = draw(st.integers(0, len(text)))
        return kind, text[:cut] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80abc"])) + text[cut:]
    if kind == "huge number":
        number = draw(st.sampled_from([b"1" * 5000, b"1e400", b"-1e99999", b"9" * 400 + b".5"]))
        path = draw(st.sampled_from(list(_paths(valid))))
        return kind, json.dumps(_replace(valid, path, "@@N@@")).encode().replace(b'"@@N@@"', number)
    if kind == "bad timestamp":
        stamp = draw(st.sampled_from(["2024-13-45T99:99:99Z", "yesterday", "", "2024-05-01", "0000-00-00T00:00:00Z",
                                      "9999999-01-01T00:00:00Z", "2024-05-01T10:00:00+25:00"]))
        return kind, text.replace(b"2024-05-01T10:00:00Z", json.dumps(stamp).encode()[1:-1])
    if kind == "empty":
        return kind, b""
    return kind, json.dumps(draw(st.sampled_from([[valid], "text", 42, None, True, [], 1e300]))).encode()


CONTENT_TYPES = [None, "application/json", "text/html; charset=utf-8", "application/octet-stream",
                 "application/json; charset=latin-1", "nonsense"]
STATUSES = [200] * 8 + [201, 204, 400, 401, 404, 409, 418, 500, 503]


@pytest.fixture(scope="module")
def hostile() -> Iterator[Tuple[RawServer, Dict[str, Any]]]:
    """A raw server answering with ``answer["bytes"]``, and the slot to set it."""
    answer: Dict[str, Any] = {"bytes": http_response(200, b"{}")}
    server = RawServer(lambda conn, _req, _srv: conn.sendall(answer["bytes"]))
    yield server, answer
    server.close()


@pytest.fixture(scope="module")
def client(hostile: Tuple[RawServer, Dict[str, Any]]) -> Iterator[ApiClient]:
    """A client of the hostile server: retries off, short timeouts."""
    config = Configuration(host=hostile[0].url)
    config.retries = False
    config.timeout = (5, 10)
    with ApiClient(config) as c:
        yield c


OUTCOMES: Counter = Counter()


def _check_model(model: Any, cls: type, body: bytes) -> None:
    """A returned model is of the right class and kept every top-level value of the body."""
    assert isinstance(model, cls), f"got {type(model).__name__}, expected {cls.__name__}"
    doc = json.loads(body)
    assert isinstance(doc, dict), f"a JSON {type(doc).__name__} was accepted as {cls.__name__}"
    by_wire = {wire: attr for attr, wire in cls.attribute_map.items()}
    for key, value in doc.items():
        if key in by_wire and value not in (None, {}, [], "", 0, False):
            assert getattr(model, by_wire[key]) is not None, f"{key}={value!r} silently dropped"


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_any_answer_is_a_model_or_an_api_exception(operation: str, hostile: Any, client: ApiClient,
                                                   report: Any) -> None:
    call, cls, valid = OPERATIONS[operation]
    _server, answer = hostile
    seen: Counter = Counter()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(body=bodies(valid), status=st.sampled_from(STATUSES), ctype=st.sampled_from(CONTENT_TYPES))
    def one(body: Tuple[str, bytes], status: int, ctype: Optional[str]) -> None:
        kind, data = body
        if status == 204:
            data = b""
        answer["bytes"] = http_response(status, data, {"Content-Type": ctype} if ctype else {})
        try:
            result = call(client)
        except ApiException as error:
            assert error.status == status
            assert error.body == data.decode("utf-8", errors="replace")
            if isinstance(error, ApiDecodeError):
                assert 200 <= status <= 299 and error.raw_body == data
            else:
                assert not 200 <= status <= 299, f"{type(error).__name__} for a {status}"
            assert str(error)  # the message renders
            seen[f"{type(error).__name__}"] += 1
        else:
            assert 200 <= status <= 299, f"status {status} returned {result!r}"
            if cls is None:
                assert result == ({} if not data else json.loads(data))
            else:
                assert data, "an empty body became a model"
                _check_model(result, cls, data)
            seen["model"] += 1
        seen[f"kind={kind}"] += 0  # keep kinds visible even when never reached

    one()
    OUTCOMES.update(seen)
    total = sum(v for k, v in seen.items() if not k.startswith("kind="))
    outcome_text = ", ".join(f"{k} {v}" for k, v in sorted(seen.items()) if not k.startswith("kind="))
    report(f"{operation}: {total} hostile answers -> {outcome_text}; 0 other exceptions")


#: (status, body): a success body must not decode, an error body is kept as text.
DEEP = {
    "200 arrays": (200, b"[" * 100_000 + b"]" * 100_000),
    "200 objects": (200, b'{"run":' * 100_000 + b"{}" + b"}" * 100_000),
    "500 unclosed arrays": (500, b"[" * 100_000),
}


@pytest.mark.parametrize("depth_kind", sorted(DEEP))
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_deeply_nested_json_is_an_api_exception(operation: str, depth_kind: str, hostile: Any,
                                                client: ApiClient) -> None:
    """100,000 levels of nesting: ApiDecodeError (2xx) or the status's exception with the raw text."""
    call, _cls, _valid = OPERATIONS[operation]
    _server, answer = hostile
    status, body = DEEP[depth_kind]
    answer["bytes"] = http_response(status, body, {"Content-Type": "application/json"})
    with pytest.raises(ApiException) as caught:
        call(client)
    assert caught.value.status == status and caught.value.body == body.decode()
    assert isinstance(caught.value, ApiDecodeError) == (status == 200)
    DEEP_OUTCOMES[type(caught.value).__name__] += 1


DEEP_OUTCOMES: Counter = Counter()
REDIRECTS: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_module(session_report: Any) -> Iterator[None]:
    """After the module: one line for the deep-nesting cases, one for the redirects."""
    yield
    if DEEP_OUTCOMES:
        session_report("test_client_hostile", f"100,000-level JSON nesting: {sum(DEEP_OUTCOMES.values())} answers "
                       f"-> {dict(DEEP_OUTCOMES)}; 0 RecursionError")
    if REDIRECTS:
        session_report("test_client_hostile", f"redirects (5 codes x 2 retry settings, other host and same host): "
                       f"{dict(REDIRECTS)}; token and cookie never sent to the other host")


# -- transport-level hostility: framing, encodings, status lines, redirects -----------------

_GZ_RUN = gzip.compress(b'{"run":{"id":"gz"}}')


def _head(status_line: bytes, *headers: bytes) -> bytes:
    return status_line + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"Connection: close\r\n\r\n"


#: name -> (raw answer, expected): "model", an int (ApiException with that status), "broken"
#: (ApiConnectionError: no complete answer).
TRANSPORT: Dict[str, Tuple[bytes, Any]] = {
    "valid gzip body": (_head(b"HTTP/1.1 200 OK", b"Content-Encoding: gzip", b"Content-Length: %d" % len(_GZ_RUN))
                        + _GZ_RUN, "model"),
    "100 Continue before the answer": (b"HTTP/1.1 100 Continue\r\n\r\n" + http_response(200, b'{"run":{"id":"c"}}'),
                                       "model"),
    "status 999": (http_response(999, b"{}"), 999),
    "status line garbage": (b"HTTP/1.1 abc Weird\r\nContent-Length: 2\r\n\r\n{}", "broken"),
    "HTTP/0.9 (no status line)": (b'{"run":{"id":"x"}}', "broken"),
    "Content-Length longer than the body": (_head(b"HTTP/1.1 200 OK", b"Content-Length: 100") + b"{}", "broken"),
    "chunk size not hex": (_head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + b"ZZ\r\nabc\r\n0\r\n\r\n",
                           "broken"),
    "chunked body cut": (_head(b"HTTP/1.1 200 OK", b"Transfer-Encoding: chunked") + b"100\r\nabc", "broken"),
    "200 KB header line": (_head(b"HTTP/1.1 200 OK", b"X: " + b"a" * 200_000, b"Content-Length: 2") + b"{}", "broken"),
    "200 headers": (_head(b"HTTP/1.1 200 OK", *(b"X-%d: 1" % i for i in range(200)), b"Content-Length: 2") + b"{}",
                    "broken"),
    "200 with corrupt gzip": (_head(b"HTTP/1.1 200 OK", b"Content-Encoding: gzip", b"Content-Length: 10")
                              + b"0123456789", 200),
    "500 with corrupt deflate": (_head(b"HTTP/1.1 500 Oops", b"Content-Encoding: deflate", b"Content-Length: 10")
                                 + b"0123456789", 500),
}


@pytest.mark.parametrize("case", list(TRANSPORT))
def test_transport_level_answers(case: str, raw_server: Any) -> None:
    raw, expected = TRANSPORT[case]
    server = raw_server(lambda conn, _req, _srv: conn.sendall(raw))
    config = Configuration(host=server.url)
    config.retries = False
    config.timeout = (2, 5)
    with ApiClient(config) as client:
        try:
            outcome: Any = kfp_server_api.RunServiceApi(client).get_run("r1")
        except Exception as error:  # noqa: BLE001 - classified below
            outcome = error
    status = expected
    if status == "model":
        assert isinstance(outcome, kfp_server_api.ApiRunDetail) and outcome.run.id, repr(outcome)
    elif status == "broken":
        assert isinstance(outcome, kfp_server_api.exceptions.ApiConnectionError), repr(outcome)
        assert "connection broken" in str(outcome)
    else:
        assert isinstance(outcome, ApiException) and outcome.status == status, repr(outcome)


@pytest.mark.parametrize("retries", [None, False], ids=["default retries", "retries=False"])
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_redirects_never_carry_credentials_to_another_host(code: int, retries: Any, raw_server: Any) -> None:
    """urllib3 follows redirects (urllib3 2.x not with ``retries=False``: the 3xx is raised);
    a redirect to another host never carries the token or the cookie, one to the same host does."""
    elsewhere = raw_server(lambda conn, _req, _srv: conn.sendall(http_response(200, b'{"run":{"id":"moved"}}')))

    def redirect(conn: Any, req: Any, srv: Any) -> None:
        if req.path.endswith("/moved"):
            conn.sendall(http_response(200, b'{"run":{"id":"same"}}'))
        elif req.path.endswith("/r1"):
            conn.sendall(http_response(code, b"", {"Location": f"{elsewhere.url}/apis/v1beta1/runs/r1"}))
        else:
            conn.sendall(http_response(code, b"", {"Location": f"{srv.url}/apis/v1beta1/runs/moved"}))

    server = raw_server(redirect)
    config = Configuration(host=server.url)
    config.retries = retries
    config.api_key["authorization"] = "s3cret-token"
    config.api_key_prefix["authorization"] = "Bearer"
    outcomes = []
    with ApiClient(config, cookie="session=s3cret-cookie") as client:
        for run_id in ("r1", "r2"):
            try:
                outcomes.append(kfp_server_api.RunServiceApi(client).get_run(run_id).run.id)
            except ApiException as error:
                assert error.status == code
                outcomes.append(code)
    for request in elsewhere.requests:
        assert "authorization" not in request.headers and "cookie" not in request.headers
    for request in server.requests[1:]:
        if request.path.endswith("/moved"):
            assert request.headers["authorization"] == "Bearer s3cret-token"
    assert outcomes in (["moved", "same"], [code, code])
    REDIRECTS["followed" if outcomes[0] == "moved" else "raised"] += 1


BOMB_SCRIPT = r"""
import gzip, resource, sys
sys.path.insert(0, {support!r})
resource.setrlimit(resource.RLIMIT_AS, (768 << 20, 768 << 20))
from rel_support import RawServer, http_response
import kfp_server_api
member = gzip.compress(b"a" * (64 << 20), 9)
body = gzip.compress(b'{{"run":{{"id":"') + member * 16 + gzip.compress(b'"}}}}')   # 1 GiB decoded
answer = http_response(200, body, {{"Content-Encoding": "gzip", "Content-Type": "application/json"}})
server = RawServer(lambda conn, _req, _srv: conn.sendall(answer))
config = kfp_server_api.Configuration(host=server.url)
config.retries = False
with kfp_server_api.ApiClient(config) as client:
    try:
        run = kfp_server_api.RunServiceApi(client).get_run("r1")
        print("model", len(run.run.id))
    except kfp_server_api.exceptions.ApiException as e:
        print("ApiException", e.status, type(e).__name__)
    except MemoryError:
        print("MemoryError")
server.close()
"""


def test_decompression_bomb_is_refused_with_bounded_memory(report: Any) -> None:
    """A 1 MB gzip body that decodes to 1 GiB: an ApiException, not 1 GiB of memory (768 MiB cap)."""
    support = os.path.dirname(os.path.abspath(__file__))
    done = subprocess.run([sys.executable, "-c", BOMB_SCRIPT.format(support=support)], capture_output=True,
                          text=True, timeout=120)
    report(f"gzip bomb (1 MB -> 1 GiB) under a 768 MiB address-space limit: {done.stdout.strip() or done.stderr[-200:]}")
    assert done.stdout.startswith("ApiException 200"), done.stdout + done.stderr[-2000:]
