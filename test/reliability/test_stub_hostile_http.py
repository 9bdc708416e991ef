"""Hostile HTTP against the stub: malformed framing, headers, paths, queries and bodies sent as
raw bytes on a socket, below anything an HTTP library would produce.

Each must get a 4xx with a readable message (never a 5xx, never a dropped connection or a
hang), and the server must keep answering. (The deep-JSON and malformed-URL cases found stub
bugs, fixed in a10e3fe.)
"""
import json
import re
import socket
from typing import Any, Dict, Iterator

import pytest
import urllib3
from rel_support import seed

import kfp_server_api as k
from kfp_server_api.stub import StubServer

V1 = "/apis/v1beta1"


def _req(method: str, target: str, body: bytes = b"", ctype: str = "application/json",
         extra: bytes = b"") -> bytes:
    head = (f"{method} {target} HTTP/1.1\r\nHost: stub\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n").encode() + extra + b"\r\n"
    return head + body


def _raw_head(lines: bytes) -> bytes:
    return lines + b"\r\n"


PIPELINE_URL_BODY = '{{"name":"p","url":{{"pipeline_url":{url}}}}}'
def _upload(name: str, content: bytes) -> bytes:
    body, ctype = urllib3.encode_multipart_formdata([("uploadfile", (name, content))])
    return _req("POST", f"{V1}/pipelines/upload?name=hostile", body, ctype)


CASES: Dict[str, bytes] = {
    "request line garbage": b"GARBAGE\r\n\r\n",
    "HTTP/1.0 without Host": b"GET /apis/v1beta1/healthz HTTP/1.0\r\n\r\n",
    "absolute-form target": _req("GET", "http://elsewhere/apis/v1beta1/runs"),
    "unknown method": _req("BREW", f"{V1}/runs"),
    "method not allowed": _req("PUT", f"{V1}/runs"),
    "Content-Length not a number": _raw_head(b"POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: s\r\n"
                                              b"Content-Length: abc\r\nConnection: close\r\n") + b"{}",
    "Content-Length 99 TB": _raw_head(b"POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: s\r\n"
                                       b"Content-Length: 99999999999999\r\nConnection: close\r\n") + b"{}",
    "chunk size not hex": _raw_head(b"POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: s\r\n"
                                     b"Transfer-Encoding: chunked\r\nConnection: close\r\n") + b"ZZZ\r\n",
    "chunk size 256 TB": _raw_head(b"POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: s\r\n"
                                    b"Transfer-Encoding: chunked\r\nConnection: close\r\n") + b"FFFFFFFFFFFF\r\nabc",
    "100 KB header line": _req("GET", f"{V1}/healthz", extra=b"X-Big: " + b"a" * 100_000 + b"\r\n"),
    "500 headers": _req("GET", f"{V1}/healthz", extra=b"".join(b"X-%d: 1\r\n" % i for i in range(500))),
    "non-latin-1 identity header": _req("GET", f"{V1}/runs", extra=b"kubeflow-userid: \xff\xfe\r\n"),
    "NUL in a path parameter": _req("GET", f"{V1}/runs/a%00b"),
    "bad percent-encoding in path": _req("GET", f"{V1}/runs/%ZZ%ff%C0%AF"),
    "bad percent-encoding in query": _req("GET", f"{V1}/runs?page_size=%ff&sort_by=%00"),
    "page_size beyond int64": _req("GET", f"{V1}/runs?page_size=99999999999999999999999"),
    "garbage page_token": _req("GET", f"{V1}/runs?page_token=bm90IGEgdG9rZW4"),
    "filter nested 5000 deep": _req("GET", f"{V1}/runs?filter=" + "%5B" * 5000),
    "request line 64 KB": _req("GET", f"{V1}/runs?filter=" + "%7B%22a%22%3A" * 20000),
    "body not UTF-8": _req("POST", f"{V1}/experiments", b'{"name":"\xff"}'),
    "integer of 5000 digits": _req("POST", f"{V1}/jobs", b'{"name":"j","max_concurrency":' + b"9" * 5000 + b"}"),
    "number 1e999999": _req("POST", f"{V1}/experiments", b'{"name":"x","description":1e999999}'),
    "JSON array for a message": _req("POST", f"{V1}/experiments", b"[]"),
    "multipart without boundary": _req("POST", f"{V1}/pipelines/upload", b"abcd", "multipart/form-data"),
    "multipart malformed part": _req("POST", f"{V1}/pipelines/upload", b"--zz\r\ngarbage\r\n\r\n\r\n",
                                      "multipart/form-data; boundary=zz"),
    "control: NaN seconds": _req("POST", "/_stub/clock/advance", b'{"seconds": NaN}'),
    "control: 1e308 seconds": _req("POST", "/_stub/clock/advance", b'{"seconds": 1e308}'),
    "control: array status": _req("POST", "/_stub/runs/x/status", b"[]"),
    "pipeline URL file://": _req("POST", f"{V1}/pipelines",
                                  PIPELINE_URL_BODY.format(url='"file:///etc/passwd"').encode()),
    "pipeline URL port -1": _req("POST", f"{V1}/pipelines",
                                  PIPELINE_URL_BODY.format(url='"http://localhost:-1/x"').encode()),
    "deep JSON body (create_experiment)": _req("POST", f"{V1}/experiments",
                                               b'{"a":' * 50_000 + b"{}" + b"}" * 50_000),
    "deep JSON value in a field": _req("POST", f"{V1}/experiments",
                                       b'{"name":"x","description":' + b"[" * 3000 + b"]" * 3000 + b"}"),
    "deep JSON body (reportMetrics)": _req("POST", f"{V1}/runs/x:reportMetrics", b'{"metrics":' + b"[" * 100_000),
    "deep JSON body (control API)": _req("POST", "/_stub/clock/advance", b"[" * 100_000),
    "pipeline URL http://[::1": _req("POST", f"{V1}/pipelines", PIPELINE_URL_BODY.format(url='"http://[::1"').encode()),
    "pipeline URL with port abc": _req("POST", f"{V1}/pipelines",
                                       PIPELINE_URL_BODY.format(url='"http://127.0.0.1:abc/x"').encode()),
    "pipeline URL with a line break": _req("POST", f"{V1}/pipelines",
                                           PIPELINE_URL_BODY.format(url='"http://127.0.0.1\\n/x"').encode()),
    "upload: deeply nested JSON file": _upload("p.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
}


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    """A private stub with one of everything (so ids in paths may exist)."""
    with StubServer() as server:
        with server.api_client() as client:
            seed(client, tag="hostile")
        yield server


def _exchange(stub: StubServer, data: bytes) -> bytes:
    with socket.create_connection((stub.host, stub.port), timeout=30) as sock:
        try:
            sock.sendall(data)
        except OSError:
            pass  # the server may answer and close before reading everything
        out = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                return out
            out += chunk
    return out


OUTCOMES: Dict[str, int] = {}


@pytest.mark.parametrize("data", list(CASES.values()), ids=list(CASES))
def test_hostile_request_gets_a_clear_4xx(stub: StubServer, data: bytes, request: Any) -> None:
    answer = _exchange(stub, data)
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ")
    assert len(parts) >= 2 and parts[0] == "HTTP/1.1" and parts[1].isdigit(), f"no HTTP answer: {answer[:200]!r}"
    status = int(parts[1])
    body = answer.split(b"\r\n\r\n", 1)[-1]
    assert status < 500 or (status == 501 and b"loopback" in body), f"{status}: {body[:300]!r}"
    assert body.strip(), "an error without a message"
    # Still serving.
    health = _exchange(stub, _req("GET", f"{V1}/healthz"))
    assert health.startswith(b"HTTP/1.1 200"), health[:100]
    assert json.loads(health.split(b"\r\n\r\n", 1)[1])["multi_user"] is False
    OUTCOMES[request.node.callspec.id] = status


@pytest.fixture(scope="module", autouse=True)
def _report(session_report: Any) -> Iterator[None]:
    yield
    if OUTCOMES:
        summary: Dict[int, int] = {}
        for status in OUTCOMES.values():
            summary[status] = summary.get(status, 0) + 1
        session_report("test_stub_hostile_http", f"{len(CASES)} raw hostile requests, {len(OUTCOMES)} answered "
                       f"with a clear non-5xx (statuses {dict(sorted(summary.items()))}), server answering after each")


def test_slow_and_stalled_clients_do_not_block_others(stub: StubServer, report: Any) -> None:
    """200 connections stalled mid-headers and 20 stalled mid-body (slowloris) while a normal
    client reads and writes: its requests are answered (10 s client timeout)."""
    stalled = []
    try:
        for _ in range(200):
            sock = socket.create_connection((stub.host, stub.port), timeout=10)
            sock.sendall(b"GET /apis/v1beta1/healthz HTTP/1.1\r\nHost: stub\r\n")
            stalled.append(sock)
        for _ in range(20):
            sock = socket.create_connection((stub.host, stub.port), timeout=10)
            sock.sendall(b'POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: stub\r\nContent-Length: 1000\r\n\r\n{"na')
            stalled.append(sock)
        config = k.Configuration(host=stub.url)
        config.timeout = (10, 10)
        with k.ApiClient(config) as client:
            created = k.ExperimentServiceApi(client).create_experiment(k.ApiExperiment(name="not-blocked"))
            assert k.ExperimentServiceApi(client).get_experiment(created.id).name == "not-blocked"
            assert k.HealthzServiceApi(client).get_healthz().multi_user is False
    finally:
        for sock in stalled:
            sock.close()
    report(f"{len(stalled)} stalled connections (200 mid-headers, 20 mid-body): create/get/healthz still answered")


_HEALTHZ_CLOSE = b"GET /apis/v1beta1/healthz HTTP/1.1\r\nHost: stub\r\nConnection: close\r\n\r\n"
#: name -> (bytes on one connection, statuses expected in order); the last request is always a
#: healthz, which must be answered as itself (no request smuggled into or out of a body).
FRAMING = {
    "two pipelined requests": (b"GET /apis/v1beta1/experiments HTTP/1.1\r\nHost: stub\r\n\r\n" + _HEALTHZ_CLOSE,
                               [200, 200]),
    "GET with a body that looks like a request": (
        b"GET /apis/v1beta1/healthz HTTP/1.1\r\nHost: stub\r\nContent-Length: 11\r\n\r\nGET /evil\r\n" + _HEALTHZ_CLOSE,
        [200, 200]),
    "POST body then a pipelined request": (
        b'POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: stub\r\nContent-Length: 17\r\n\r\n{"name":"framed"}'
        + _HEALTHZ_CLOSE, [200, 200]),
    "Content-Length and chunked together (chunked wins)": (
        b"POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: stub\r\nContent-Length: 4\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + _HEALTHZ_CLOSE, [400, 200]),
    "two different Content-Lengths": (
        b"POST /apis/v1beta1/experiments HTTP/1.1\r\nHost: stub\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}"
        + _HEALTHZ_CLOSE, [400]),
}


@pytest.mark.parametrize("name", list(FRAMING))
def test_keep_alive_framing_never_desynchronises(name: str, stub: StubServer) -> None:
    data, expected = FRAMING[name]
    answer = _exchange(stub, data)
    statuses = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)]
    assert statuses == expected, answer[:500]
    if expected[-1] == 200 and len(expected) > 1:
        assert answer.rstrip().endswith(b'"multi_user":false}')  # the last answer is healthz's
