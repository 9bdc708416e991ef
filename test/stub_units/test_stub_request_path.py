"""The stub server's request path: head parsing, remembered header blocks, the event loop's
environ-free call into the app, and one-regex routing.

Everything goes over a real loopback socket as raw bytes (so partial heads, pipelining and
repeated header blocks are exactly what the server sees), except the check that the loop's
entry point (``StubApp.handle_target``) answers what the WSGI entry point answers.
"""
import io
import json
import re
import socket
import time
import urllib.parse
from typing import Any, Dict, List, Tuple

import pytest

from kfp_server_api.stub import StubServer
from kfp_server_api.stub.wsgi import create_app, origin_path

V1 = "/apis/v1beta1"


def _connect(stub: StubServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", stub.port), timeout=10)


def _responses(sock: socket.socket, count: int, no_body: Tuple[int, ...] = ()) -> List[Tuple[int, Dict[str, str], bytes]]:
    """Read ``count`` responses (status, lower-cased headers, body) framed by Content-Length.

    ``no_body``: positions of answers without a body whatever their Content-Length (HEAD, 1xx).
    """
    buf = b""
    out: List[Tuple[int, Dict[str, str], bytes]] = []
    while len(out) < count:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            lines = buf[:end].decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
            size = end + 4 + (0 if len(out) in no_body else int(headers["content-length"]))
            if len(buf) >= size:
                out.append((int(lines[0].split()[1]), headers, buf[end + 4:size]))
                buf = buf[size:]
                continue
        data = sock.recv(65536)
        if not data:
            break
        buf += data
    return out


def _get(target: str, headers: str = "Host: stub\r\n") -> bytes:
    return f"GET {target} HTTP/1.1\r\n{headers}\r\n".encode("latin-1")


def test_a_repeated_header_block_is_read_afresh_whenever_it_changes() -> None:
    """Same connection, the token alternating: each request is judged by its own headers."""
    with StubServer(token="s3cret") as stub, _connect(stub) as sock:
        good = "Host: stub\r\nAuthorization: Bearer s3cret\r\n"
        bad = "Host: stub\r\nAuthorization: Bearer wrong\r\n"
        sequence = [good, bad, good, good, bad, "Host: stub\r\n", good]
        for headers in sequence:
            sock.sendall(_get(f"{V1}/experiments", headers))
        statuses = [status for status, _, _ in _responses(sock, len(sequence))]
        assert statuses == [200, 401, 200, 200, 401, 401, 200]


def test_multi_user_identity_is_taken_from_each_request() -> None:
    with StubServer(multi_user=True, users={"alice": ["ns-a"], "bob": ["ns-b"]}) as stub:
        conn = socket.create_connection(("127.0.0.1", stub.port), timeout=10)
        body = json.dumps({"name": "e", "resource_references": [
            {"key": {"type": "NAMESPACE", "id": "ns-a"}, "relationship": "OWNER"}]}).encode()
        conn.sendall(f"POST {V1}/experiments HTTP/1.1\r\nHost: stub\r\nkubeflow-userid: alice\r\n"
                     f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        (status, _, created), = _responses(conn, 1)
        assert status == 200
        conn.close()
        eid = json.loads(created)["id"]
        with _connect(stub) as sock:
            for user in ["alice", "bob", "alice", "", "alice"]:
                sock.sendall(_get(f"{V1}/experiments/{eid}", f"Host: stub\r\nkubeflow-userid: {user}\r\n"))
            statuses = [status for status, _, _ in _responses(sock, 5)]
        assert statuses == [200, 403, 200, 401, 200]


def test_heads_split_across_reads_and_pipelined_requests_are_answered_in_order() -> None:
    with StubServer() as stub, _connect(stub) as sock:
        first = _get(f"{V1}/healthz")
        for i in range(len(first)):  # one byte per send: the head arrives in many reads
            sock.sendall(first[i:i + 1])
            time.sleep(0.0005)
        pipelined = (_get(f"{V1}/experiments?page_size=1") + b"HEAD " + V1.encode() + b"/healthz HTTP/1.1\r\nHost: s\r\n\r\n"
                     + _get(f"{V1}/nope") + b"GET " + V1.encode() + b"/healthz HTTP/1.1\nHost: s\n\n")
        sock.sendall(pipelined)
        answers = _responses(sock, 5, no_body=(2,))
    assert [status for status, _, _ in answers] == [200, 200, 200, 404, 200]
    health = answers[0][2]
    assert json.loads(health)["tag_name"]
    assert answers[2][2] == b"" and int(answers[2][1]["content-length"]) == len(health)  # HEAD
    assert json.loads(answers[1][2])["total_size"] == 1
    for _, headers, _body in answers:
        assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT", headers["date"])
        assert "connection" not in headers


@pytest.mark.parametrize("data, status", [
    (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: s\r\n\r\n", 414),  # complete head
    (b"GET /" + b"a" * 70_000, 414),  # still no line end
    (b"GET / HTTP/1.1\r\nX-Big: " + b"b" * 70_000 + b"\r\n\r\n", 431),  # complete head
    (b"GET / HTTP/1.1\r\nX-Big: " + b"b" * 70_000, 431),  # header block still open
    (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\n: no name\r\n\r\n", 400),
])
def test_oversized_and_malformed_heads_are_refused_after_a_good_request(data: bytes, status: int) -> None:
    with StubServer() as stub, _connect(stub) as sock:
        sock.sendall(_get(f"{V1}/healthz", "Host: s\r\nX-Big: b\r\n"))  # remembered block, then a bad one
        assert _responses(sock, 1)[0][0] == 200
        sock.sendall(data)
        (got, headers, body), = _responses(sock, 1)
        assert got == status and headers["connection"] == "close" and body
        assert sock.recv(10) == b""  # closed after the error


def test_expect_continue_and_a_large_body_after_body_less_requests() -> None:
    with StubServer() as stub, _connect(stub) as sock:
        sock.sendall(_get(f"{V1}/healthz"))
        body = json.dumps({"name": "big", "description": "d" * 300_000}).encode()
        sock.sendall(f"POST {V1}/experiments HTTP/1.1\r\nHost: s\r\nContent-Type: application/json\r\n"
                     f"Expect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        answers = _responses(sock, 2, no_body=(1,))
        assert [status for status, _, _ in answers] == [200, 100]
        sock.sendall(body)
        (status, _, created), = _responses(sock, 1)
        assert status == 200 and json.loads(created)["description"] == "d" * 300_000


TARGETS = [
    f"{V1}/healthz", f"{V1}/experiments", f"{V1}/experiments?page_size=2&sort_by=name", f"{V1}/experiments/missing",
    f"{V1}/experiments/a%2Fb", f"{V1}/experiments/caf%C3%A9", f"{V1}/experiments/%ff", f"{V1}/experiments/x#frag",
    f"{V1}/experiments/x:archive", f"{V1}/runs/r/nodes/n/artifacts/a:read", f"{V1}/runs?filter=%7B", "/_stub/clock",
    "http://elsewhere/apis/v1beta1/experiments", "*", "relative/path", "/", f"{V1}/nope", f"{V1}/pipelines/upload",
]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("method", ["GET", "HEAD", "DELETE"])
def test_the_loop_entry_answers_what_the_wsgi_entry_answers(method: str, target: str) -> None:
    """``handle_target`` (no environ, what the server calls) == ``handle`` of the environ a server builds."""
    app = create_app()
    app.backend.clock.freeze()
    app.backend.create_experiment({"name": "e1"})
    path = origin_path(target)
    environ: Dict[str, Any] = {
        "REQUEST_METHOD": method, "RAW_URI": target, "QUERY_STRING": target.partition("?")[2],
        "PATH_INFO": urllib.parse.unquote(path, encoding="latin-1") if "%" in path else path,
        "CONTENT_LENGTH": "0", "CONTENT_TYPE": "", "HTTP_HOST": "stub",
        "wsgi.input": io.BytesIO(b""),
    }
    assert app.handle_target(method, target, {"host": "stub"}) == app.handle(environ)


def test_route_parameters_keep_colons_and_stop_at_slashes() -> None:
    """One regex for all routes picks the same route and parameters as the table order did."""
    with StubServer() as stub, _connect(stub) as sock:
        sock.sendall(f"POST {V1}/experiments HTTP/1.1\r\nHost: s\r\nContent-Length: 12\r\n\r\n{{\"name\":\"x\"}}".encode())
        (status, _, created), = _responses(sock, 1)
        assert status == 200
        eid = json.loads(created)["id"]
        sock.sendall(f"POST {V1}/experiments/{eid}:archive HTTP/1.1\r\nHost: s\r\nContent-Length: 0\r\n\r\n".encode())
        sock.sendall(_get(f"{V1}/experiments/{eid}"))
        sock.sendall(_get(f"{V1}/experiments/{eid}:archive"))  # GET of an id that ends in ":archive"
        sock.sendall(_get(f"{V1}/experiments/{eid}/more"))
        sock.sendall(_get(f"{V1}/experiments/{eid}%0A"))
        answers = _responses(sock, 5)
    assert [status for status, _, _ in answers] == [200, 200, 404, 404, 404]
    assert json.loads(answers[1][2])["storage_state"] == "STORAGESTATE_ARCHIVED"
    assert json.loads(answers[2][2])["message"].endswith(f"Experiment {eid}:archive not found")
    assert answers[3][2] == b"Not Found\n"


class _Prefixed:
    """An app with only ``handle(environ)`` in front of a StubApp (what an ingress test does)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: List[str] = []

    def handle(self, environ: Dict[str, Any]) -> Any:
        self.seen.append(environ["PATH_INFO"])
        return self.app.handle(dict(environ, PATH_INFO=environ["PATH_INFO"][len("/p"):]))


def test_an_app_with_only_handle_is_served_by_the_server() -> None:
    """``HTTPServer`` keeps serving any object with ``handle(environ)``: without
    ``handle_target`` its GETs take the threaded path, keep-alive included."""
    import threading

    from kfp_server_api.stub.server import HTTPServer

    with StubServer() as stub:
        wrapper = _Prefixed(stub.app)
        server = HTTPServer(("127.0.0.1", 0), wrapper, quiet=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                for _ in range(2):
                    sock.sendall(f"GET /p{V1}/healthz HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                    [(status, _headers, body)] = _responses(sock, 1)
                    assert status == 200 and "multi_user" in json.loads(body)
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
    assert wrapper.seen == [f"/p{V1}/healthz"] * 2
