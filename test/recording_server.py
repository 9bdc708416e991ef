"""A small HTTP/1.1 server on loopback that records requests and answers with canned responses.

Tests use it to see exactly what the SDK puts on the wire::

    with RecordingServer() as server:
        server.respond(200, {"id": "r1"})
        ...  # make a request to server.url
        request = server.last
        assert request.method == "GET" and request.path == "/apis/v1beta1/runs/r1"

Responses are taken from a queue in order; when the queue is empty ``default`` is sent
(``200 {}``). :class:`SilentServer` accepts connections and never answers (for timeouts).
"""
import json
import socket
import ssl
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple, Union

__all__ = ["RecordedRequest", "CannedResponse", "RecordingServer", "SilentServer", "closed_port"]


@dataclass
class RecordedRequest:
    """One request as it arrived."""

    method: str
    #: The request target exactly as sent (path and query, still percent-encoded).
    raw_path: str
    #: The percent-encoded path without the query.
    path: str
    #: Query pairs, decoded, in order.
    query: List[Tuple[str, str]]
    #: Headers with lower-case names (the last value wins when repeated).
    headers: Dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body.decode("utf-8"))


@dataclass
class CannedResponse:
    """What the server answers: status, headers and body (bytes, text, or JSON value)."""

    status: int = 200
    body: Union[bytes, str, Any] = field(default_factory=dict)
    headers: Dict[str, str] = field(default_factory=dict)
    reason: Optional[str] = None

    def encoded(self) -> Tuple[bytes, Dict[str, str]]:
        headers = dict(self.headers)
        if isinstance(self.body, bytes):
            data = self.body
        elif isinstance(self.body, str):
            data = self.body.encode("utf-8")
            headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        else:
            data = json.dumps(self.body, separators=(",", ":")).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        return data, headers


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def _handle(self) -> None:
        body = self._read_body()
        split = urllib.parse.urlsplit(self.path)
        recorded = RecordedRequest(
            method=self.command,
            raw_path=self.path,
            path=split.path,
            query=urllib.parse.parse_qsl(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        canned = self.server.owner._record(recorded)
        data, headers = canned.encoded()
        self.send_response(canned.status, canned.reason)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "RecordingServer"


class RecordingServer:
    """A threaded HTTP/1.1 server on ``127.0.0.1`` (random port); see the module docstring.

    With ``ssl_context`` it serves HTTPS (``url`` starts with ``https://``).
    """

    def __init__(self, ssl_context: Optional[ssl.SSLContext] = None) -> None:
        self.requests: List[RecordedRequest] = []
        self.default = CannedResponse()
        self._queue: List[CannedResponse] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        if ssl_context is not None:
            # Handshakes happen in accept(); a client that rejects the certificate only
            # fails that one connection.
            self._httpd.socket = ssl_context.wrap_socket(self._httpd.socket, server_side=True)
        self.port: int = self._httpd.server_address[1]
        #: Base URL to give to ``Configuration(host=...)``.
        self.url = f"{'https' if ssl_context else 'http'}://127.0.0.1:{self.port}"
        # A short poll interval keeps stop() (and so each test) quick.
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    def start(self) -> "RecordingServer":
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "RecordingServer":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def respond(self, status: int = 200, body: Any = None, headers: Optional[Dict[str, str]] = None,
                reason: Optional[str] = None) -> None:
        """Queue one response. ``body`` may be bytes, text, or a JSON value (default ``{}``)."""
        with self._lock:
            self._queue.append(CannedResponse(status, {} if body is None else body,
                                              dict(headers or {}), reason))

    def _record(self, request: RecordedRequest) -> CannedResponse:
        with self._lock:
            self.requests.append(request)
            return self._queue.pop(0) if self._queue else self.default

    @property
    def last(self) -> RecordedRequest:
        """The most recent request (AssertionError if there was none)."""
        with self._lock:
            assert self.requests, "no request reached the recording server"
            return self.requests[-1]


class SilentServer:
    """Accepts TCP connections on ``127.0.0.1`` and never answers (for timeout tests)."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._accepted: List[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self._sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self._accepted.append(conn)  # held open, never read or answered

    def close(self) -> None:
        """Stop accepting and close every connection."""
        self._stop.set()
        self._thread.join()
        for conn in self._accepted:
            conn.close()
        self._sock.close()


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
