"""Faults on the wire: refused connections, resets mid-body, silence, slow drips, 429/503.

Every case ends with a clear exception within the configured timeout; idempotent calls are
retried per the documented default policy (``configuration.default_retries()``: 3 attempts for
connection errors, 2 retries for read errors and for 429/503, backoff 0 s, 1 s, 2 s or the
server's ``Retry-After``); a POST is never sent twice once the server received it. Attempts are
counted by the server; the gaps between them are reported.
"""
import socket
import threading
import time
from typing import Any, Callable, List

import pytest
import urllib3
from rel_support import RawRequest, RawServer, http_response, json_body, reset

import kfp_server_api
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration
from kfp_server_api.exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTimeoutError,
    ServiceException,
)

RUN = json_body({"run": {"id": "r1", "name": "n"}})


def _client(url: str, timeout: Any = (2, 0.5)) -> ApiClient:
    """A client with the *default* retry policy and short timeouts."""
    config = Configuration(host=url)
    config.timeout = timeout
    return ApiClient(config)


def _send(conn: socket.socket, _req: RawRequest, _srv: RawServer) -> None:
    conn.sendall(http_response(200, RUN, {"Content-Type": "application/json"}))


def _reset_mid_body(conn: socket.socket, _req: RawRequest, _srv: RawServer) -> None:
    conn.sendall(http_response(200, RUN[:7], {"Content-Type": "application/json"}, length=len(RUN)))
    time.sleep(0.05)
    reset(conn)


def _close_without_answer(conn: socket.socket, _req: RawRequest, _srv: RawServer) -> None:
    reset(conn)


def _silent(_conn: socket.socket, _req: RawRequest, srv: RawServer) -> None:
    srv.stopping.wait(30)


def _answers(*statuses_and_headers: Any) -> Callable[[socket.socket, RawRequest, RawServer], None]:
    """Answer the n-th request with the n-th (status, headers); the last one repeats."""
    queue: List[Any] = list(statuses_and_headers)
    lock = threading.Lock()

    def handle(conn: socket.socket, _req: RawRequest, _srv: RawServer) -> None:
        with lock:
            status, headers = queue.pop(0) if len(queue) > 1 else queue[0]
        body = RUN if status == 200 else json_body({"error": "busy", "code": 14, "message": "busy"})
        conn.sendall(http_response(status, body, {"Content-Type": "application/json", **headers}))

    return handle


GET = pytest.param("get_run", lambda c: kfp_server_api.RunServiceApi(c).get_run("r1"), id="get_run")
DELETE = pytest.param("delete_run", lambda c: kfp_server_api.RunServiceApi(c).delete_run("r1"), id="delete_run")
POST = pytest.param("create_run", lambda c: kfp_server_api.RunServiceApi(c).create_run(kfp_server_api.ApiRun(name="n")), id="create_run")


def _run(server: RawServer, call: Callable[[ApiClient], Any], **kw: Any) -> Any:
    with _client(server.url, **kw) as client:
        start = time.monotonic()
        try:
            return call(client), time.monotonic() - start
        except Exception as error:  # noqa: BLE001 - the caller checks the type
            return error, time.monotonic() - start


def test_connection_refused_is_catchable_as_max_retry_error(report: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with _client(f"http://127.0.0.1:{port}") as client:
        start = time.monotonic()
        with pytest.raises(urllib3.exceptions.MaxRetryError) as caught:
            kfp_server_api.HealthzServiceApi(client).get_healthz()
        elapsed = time.monotonic() - start
    error = caught.value
    assert isinstance(error, ApiConnectionError) and not isinstance(error, ApiException)
    assert "GET /apis/v1beta1/healthz" in str(error) and "cannot connect" in str(error)
    # kfp 1.8 catches exactly this for unreachable hosts, and reads .reason.
    assert isinstance(error.reason, urllib3.exceptions.NewConnectionError)
    report(f"connection refused: {type(error).__name__} after the default 3 connect retries ({elapsed:.1f} s)")


@pytest.mark.parametrize("name,call", [GET, DELETE])
def test_idempotent_call_is_retried_after_a_reset_mid_body(name: str, call: Any, raw_server: Any, report: Any) -> None:
    server = raw_server(_reset_mid_body)
    error, elapsed = _run(server, call)
    assert isinstance(error, ApiConnectionError), repr(error)
    assert "connection broken" in str(error)
    assert server.count() == 3  # first attempt + read=2
    report(f"{name} reset mid-body: {server.count()} attempts (gaps {server.gaps()} s), "
           f"{type(error).__name__}: {str(error)[:90]}")


@pytest.mark.parametrize("handler", [_reset_mid_body, _close_without_answer, _silent, _answers((503, {}))],
                         ids=["reset mid-body", "closed without answer", "never answers", "503"])
def test_post_is_sent_exactly_once(handler: Any, raw_server: Any, report: Any, request: Any) -> None:
    server = raw_server(handler)
    error, elapsed = _run(server, POST.values[1])
    assert isinstance(error, (ApiConnectionError, ServiceException)), repr(error)
    assert server.count("POST") == 1
    report(f"create_run, server {request.node.callspec.id}: sent once, {type(error).__name__} after {elapsed:.1f} s")


def test_server_that_never_answers_times_out_and_get_is_retried(raw_server: Any, report: Any) -> None:
    server = raw_server(_silent)
    error, elapsed = _run(server, GET.values[1], timeout=(2, 0.3))
    assert isinstance(error, ApiTimeoutError), repr(error)
    assert isinstance(error, urllib3.exceptions.MaxRetryError)
    assert "timed out waiting for the response" in str(error)
    assert server.count() == 3
    report(f"silent server, read timeout 0.3 s: {server.count()} attempts, ApiTimeoutError after {elapsed:.1f} s")


def test_per_call_timeout_overrides_the_configured_one(raw_server: Any) -> None:
    server = raw_server(_silent)
    with _client(server.url, timeout=(2, 60)) as client:
        with pytest.raises(ApiTimeoutError):
            kfp_server_api.RunServiceApi(client).get_run("r1", _request_timeout=(1, 0.2))


def _drip(gap: float, head_too: bool = False) -> Callable[[socket.socket, RawRequest, RawServer], None]:
    """Sends the answer one byte every ``gap`` seconds: the body, or with ``head_too`` the
    status line and headers as well."""
    def handle(conn: socket.socket, _req: RawRequest, srv: RawServer) -> None:
        if head_too:
            dripped = http_response(200, RUN, {"Content-Type": "application/json"})
        else:
            conn.sendall(http_response(200, b"", {"Content-Type": "application/json"}, length=len(RUN)))
            dripped = RUN
        for byte in dripped:
            if srv.stopping.wait(gap):
                return
            conn.sendall(bytes([byte]))

    return handle


def test_slow_drip_slower_than_the_read_timeout_times_out(raw_server: Any, report: Any) -> None:
    server = raw_server(_drip(1.0))
    error, elapsed = _run(server, GET.values[1], timeout=(2, 0.3))
    assert isinstance(error, ApiConnectionError), repr(error)
    assert "timed out" in str(error)
    report(f"drip 1 byte/s, read timeout 0.3 s: {server.count()} attempts, {type(error).__name__} after {elapsed:.1f} s")


def test_slow_drip_within_the_read_timeout_gives_the_whole_model(raw_server: Any) -> None:
    server = raw_server(_drip(0.01))
    result, _elapsed = _run(server, GET.values[1], timeout=(2, 2))
    assert isinstance(result, kfp_server_api.ApiRunDetail) and result.run.id == "r1"


def test_a_drip_within_the_read_timeout_is_still_bounded_by_it(raw_server: Any, report: Any) -> None:
    """A 30-byte body dripped over ~3 s, each byte well within the 0.5 s read timeout: the read
    timeout bounds the whole answer, so the call is cut off and says why."""
    server = raw_server(_drip(0.1))
    config = Configuration(host=server.url)
    config.retries = False
    with ApiClient(config) as client:
        start = time.monotonic()
        try:
            outcome: Any = kfp_server_api.RunServiceApi(client).get_run("r1", _request_timeout=0.5)
        except ApiTimeoutError as error:
            outcome = error
        elapsed = time.monotonic() - start
    report(f"drip 10 bytes/s with _request_timeout=0.5: {type(outcome).__name__} after {elapsed:.1f} s")
    assert isinstance(outcome, ApiTimeoutError), repr(outcome)
    assert isinstance(outcome, urllib3.exceptions.ReadTimeoutError)  # what kfp-style code catches
    assert "took longer than the read timeout (0.5 s)" in str(outcome)
    assert server.count() == 1


def test_a_dripped_head_is_bounded_too_and_get_is_retried(raw_server: Any, report: Any) -> None:
    server = raw_server(_drip(0.05, head_too=True))
    error, elapsed = _run(server, GET.values[1], timeout=(2, 0.4))
    assert isinstance(error, ApiTimeoutError) and isinstance(error, urllib3.exceptions.MaxRetryError), repr(error)
    assert isinstance(error.reason, urllib3.exceptions.ReadTimeoutError)
    assert server.count() == 3  # a cut-off answer is a read error: retried twice for a GET
    report(f"head dripped at 20 bytes/s, read timeout 0.4 s: get_run {server.count()} attempts, "
           f"ApiTimeoutError after {elapsed:.1f} s")


def _drip_until_close(conn: socket.socket, _req: RawRequest, srv: RawServer) -> None:
    """An answer whose end is marked only by closing the connection (no Content-Length)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
    for byte in RUN:
        if srv.stopping.wait(0.1):
            return
        conn.sendall(bytes([byte]))


def test_a_close_delimited_answer_cut_off_is_a_timeout_not_a_short_body(raw_server: Any) -> None:
    """Without Content-Length a cut-off body looks complete to urllib3; the SDK still reports
    the timeout instead of decoding the first bytes."""
    server = raw_server(_drip_until_close)
    error, _elapsed = _run(server, GET.values[1], timeout=(2, 0.4))
    assert isinstance(error, ApiTimeoutError), repr(error)
    assert "took longer than the read timeout (0.4 s)" in str(error)


def test_a_post_cut_off_by_the_deadline_is_not_sent_again(raw_server: Any, report: Any) -> None:
    server = raw_server(_drip(0.1))
    error, elapsed = _run(server, POST.values[1], timeout=(2, 0.4))
    assert isinstance(error, ApiTimeoutError), repr(error)
    assert server.count("POST") == 1
    report(f"create_run answered by a drip, read timeout 0.4 s: sent once, ApiTimeoutError after {elapsed:.1f} s")


def test_a_streamed_answer_is_read_at_the_callers_pace(raw_server: Any) -> None:
    """``_preload_content=False`` hands the open response to the caller: no whole-answer
    deadline, only urllib3's per-read timeout, so a slow but live stream is read to its end."""
    server = raw_server(_drip(0.02))
    config = Configuration(host=server.url)
    config.retries = False
    with ApiClient(config) as client:
        response = kfp_server_api.RunServiceApi(client).get_run("r1", _request_timeout=(2, 0.3),
                                                                 _preload_content=False)
        assert response.read() == RUN  # ~0.6 s in all, each byte within 0.3 s


def test_the_client_works_after_a_cut_off_answer(raw_server: Any) -> None:
    slow, good = raw_server(_drip(0.1)), raw_server(_send)
    config = Configuration(host=slow.url)
    config.retries = False
    with ApiClient(config) as client:
        api = kfp_server_api.RunServiceApi(client)
        with pytest.raises(ApiTimeoutError):
            api.get_run("r1", _request_timeout=0.3)
        client.configuration.host = good.url
        for _ in range(3):  # pooled connections to the healthy server stay usable
            assert api.get_run("r1", _request_timeout=0.3).run.id == "r1"


def test_503_is_retried_with_backoff_then_raised(raw_server: Any, report: Any) -> None:
    server = raw_server(_answers((503, {})))
    error, _elapsed = _run(server, GET.values[1])
    assert isinstance(error, ServiceException) and error.status == 503 and error.message == "busy"
    assert server.count() == 3
    gaps = server.gaps()
    assert gaps[1] >= 0.9  # backoff_factor 0.5: 0 s, then 1 s
    report(f"503 x3 on get_run: 3 attempts, gaps {gaps} s (backoff 0, 1), ServiceException(503)")


@pytest.mark.parametrize("name,call", [GET, DELETE])
def test_retry_after_is_honoured_on_429_and_503(name: str, call: Any, raw_server: Any, report: Any) -> None:
    server = raw_server(_answers((429, {"Retry-After": "1"}), (503, {"Retry-After": "1"}), (200, {})))
    result, _elapsed = _run(server, call)
    assert not isinstance(result, Exception), repr(result)
    assert server.count() == 3
    assert all(gap >= 0.95 for gap in server.gaps()), server.gaps()
    report(f"{name}: 429 + 503 with Retry-After: 1 then 200: 3 attempts, gaps {server.gaps()} s, success")


def test_retries_false_sends_once(raw_server: Any) -> None:
    server = raw_server(_answers((503, {})))
    config = Configuration(host=server.url)
    config.retries = False
    with ApiClient(config) as client:
        with pytest.raises(ServiceException):
            kfp_server_api.RunServiceApi(client).get_run("r1")
    assert server.count() == 1


def test_a_dead_server_does_not_break_the_next_call(raw_server: Any) -> None:
    """After a reset, the pooled client still works against a healthy server."""
    bad, good = raw_server(_reset_mid_body), raw_server(_send)
    config = Configuration(host=bad.url)
    config.retries = False
    with ApiClient(config) as client:
        with pytest.raises(ApiConnectionError):
            kfp_server_api.RunServiceApi(client).get_run("r1")
        config.host = good.url
        assert kfp_server_api.RunServiceApi(client).get_run("r1").run.id == "r1"



@pytest.mark.parametrize("close", ["FIN", "RST"])
def test_idle_keep_alive_connection_closed_by_the_server(close: str, raw_server: Any, report: Any) -> None:
    """The server answers with keep-alive, then closes the idle connection (as proxies do after
    their idle timeout): the next POST goes out on a new connection, once, and succeeds."""
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(RUN) + RUN

    def keep_alive_then_close(conn: socket.socket, _req: RawRequest, _srv: RawServer) -> None:
        conn.sendall(answer)
        time.sleep(0.1)
        if close == "RST":
            reset(conn)

    server = raw_server(keep_alive_then_close)
    with _client(server.url) as client:
        runs = kfp_server_api.RunServiceApi(client)
        for _ in range(3):
            assert runs.create_run(kfp_server_api.ApiRun(name="n")).run.id == "r1"
            time.sleep(0.3)  # the server closes the pooled connection meanwhile
    assert server.count("POST") == 3
    report(f"idle keep-alive connection closed by the server ({close}): 3 POSTs, 3 received, 0 errors")
