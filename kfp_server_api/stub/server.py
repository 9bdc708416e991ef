"""The stub's HTTP/1.1 server and :class:`StubServer` (in-process use).

A small threaded keep-alive server from the standard library runs the WSGI app. Each
response (status line, headers and body) goes out in ONE ``sendall`` and sockets use
``TCP_NODELAY``: ``http.server``'s default writes headers and body separately, which meets
delayed ACKs and caps a keep-alive client at a few hundred requests per second.
"""
import email.utils
import io

import logging
import socket
import socketserver
import sys
import threading
import time
import urllib.parse
from typing import Any, Dict, Optional, Tuple

from .backend import Backend, UsersArg
from .wsgi import StubApp, create_app, origin_path, status_line

log = logging.getLogger("kfp_server_api.stub")

#: Largest chunked request body read into memory (uploads are limited to 32 MiB anyway).
MAX_CHUNKED_BODY = 64 * 1024 * 1024 + 1


class _BodyReader(io.RawIOBase):
    """The request body as a stream that stops at Content-Length (keeps keep-alive in sync)."""

    def __init__(self, rfile: Any, length: int) -> None:
        self._rfile = rfile
        self.remaining = length

    def readable(self) -> bool:
        """Always readable."""
        return True

    def read(self, size: int = -1) -> bytes:
        """Read at most ``size`` bytes of the remaining body."""
        if self.remaining <= 0:
            return b""
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        data = self._rfile.read(size)
        self.remaining -= len(data)
        if not data:
            self.remaining = 0
        return data

    def readinto(self, buf: Any) -> int:
        """Fill ``buf`` from the remaining body."""
        data = self.read(len(buf))
        buf[: len(data)] = data
        return len(data)

    def readline(self, size: Optional[int] = -1) -> bytes:
        """One line of the remaining body."""
        if self.remaining <= 0:
            return b""
        limit = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self._rfile.readline(limit)
        self.remaining -= len(data)
        return data

    def drain(self, limit: int = 1 << 20) -> bool:
        """Discard what the app did not read; False when too much is left (close instead)."""
        if self.remaining > limit:
            return False
        while self.remaining > 0:
            if not self.read(min(self.remaining, 65536)):
                break
        return True


_MAX_LINE = 65536
_MAX_HEADERS = 100


class _Handler(socketserver.StreamRequestHandler):
    """A lean HTTP/1.1 keep-alive loop (http.server's parser costs more than the whole app)."""

    # Idle keep-alive connections are closed after this many seconds.
    timeout = 300
    wbufsize = 0
    server: "HTTPServer"

    def setup(self) -> None:
        """Per connection: buffered reading, TCP_NODELAY."""
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self.requestline = ""
        # The per-connection part of every WSGI environ, copied per request.
        self._base_environ: Dict[str, Any] = {
            "SERVER_NAME": self.server.host,
            "SERVER_PORT": str(self.server.port),
            "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }

    def handle(self) -> None:
        """Serve requests until the client or a framing error closes the connection."""
        try:
            while self._handle_one():
                pass
        except (ConnectionError, socket.timeout, OSError):
            pass

    def _handle_one(self) -> bool:
        """Serve one request; False when the connection must close."""
        line = self.rfile.readline(_MAX_LINE + 1)
        while line in (b"\r\n", b"\n"):  # tolerate stray empty lines between requests
            line = self.rfile.readline(_MAX_LINE + 1)
        if not line:
            return False
        if len(line) > _MAX_LINE:
            return self._fail(414, "request line too long")
        self.requestline = line.decode("latin-1").rstrip("\r\n")
        parts = self.requestline.split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            return self._fail(400, f"bad request line {self.requestline[:100]!r}")
        method, target, version = parts
        headers: Dict[str, str] = {}
        for _ in range(_MAX_HEADERS + 1):
            raw = self.rfile.readline(_MAX_LINE + 1)
            if not raw:
                return False
            if raw in (b"\r\n", b"\n"):
                break
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep or len(raw) > _MAX_LINE or not name.strip():
                return self._fail(400, "bad header line")
            key = name.strip().lower()
            value = value.strip()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        else:
            return self._fail(431, "too many header lines")
        connection = headers.get("connection", "").lower()
        keep_alive = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection
        return self._serve(method, target, version, headers, keep_alive)

    def _serve(self, method: str, target: str, version: str, headers: Dict[str, str], keep_alive: bool) -> bool:
        app: StubApp = self.server.app
        query = target.partition("?")[2]
        path = origin_path(target)
        environ = self._base_environ.copy()
        environ["REQUEST_METHOD"] = method.upper()
        # The raw target (as gunicorn's RAW_URI): the app routes on it so "%2F" stays in a segment.
        environ["RAW_URI"] = target
        environ["PATH_INFO"] = urllib.parse.unquote(path, encoding="latin-1") if "%" in path else path
        environ["QUERY_STRING"] = query
        environ["SERVER_PROTOCOL"] = version
        environ["CONTENT_TYPE"] = headers.get("content-type", "")
        for key, value in headers.items():
            if key not in ("content-type", "content-length"):
                environ["HTTP_" + key.upper().replace("-", "_")] = value
        if headers.get("expect", "").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        reader: Optional[_BodyReader] = None
        try:
            if "chunked" in headers.get("transfer-encoding", "").lower():
                body = self._read_chunked()
                environ["CONTENT_LENGTH"] = str(len(body))
                environ["wsgi.input"] = io.BytesIO(body)
            else:
                length_header = headers.get("content-length", "0").strip() or "0"
                if not length_header.isdigit():
                    raise ValueError(f"invalid Content-Length {length_header!r}")
                reader = _BodyReader(self.rfile, int(length_header))
                environ["CONTENT_LENGTH"] = length_header
                environ["wsgi.input"] = io.BufferedReader(reader, 65536)
        except ValueError as exc:
            return self._fail(400, f"bad request framing: {exc}")
        status, body, ctype = app.handle(environ)
        if reader is not None and not reader.drain():
            keep_alive = False
        if method.upper() == "HEAD":
            self._send(status, b"", ctype, keep_alive=keep_alive, length=len(body))
        else:
            self._send(status, body, ctype, keep_alive=keep_alive)
        return keep_alive

    def _read_chunked(self) -> bytes:
        out = bytearray()
        while True:
            line = self.rfile.readline(1024)
            size = int(line.split(b";", 1)[0].strip() or b"x", 16)
            if size < 0:
                raise ValueError("negative chunk size")
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(out)
            if len(out) + size > MAX_CHUNKED_BODY:
                raise ValueError("chunked body too large")
            out += self.rfile.read(size)
            self.rfile.readline(16)

    def _fail(self, status: int, message: str) -> bool:
        self._send(status, message.encode("utf-8") + b"\n", "text/plain; charset=utf-8", keep_alive=False)
        return False

    def _send(self, status: int, body: bytes, ctype: str, *, keep_alive: bool, length: Optional[int] = None) -> None:
        head = (
            f"HTTP/1.1 {status_line(status)}\r\n"
            f"Content-Type: {ctype}\r\n"
            f"Content-Length: {len(body) if length is None else length}\r\n"
            f"Date: {_http_date()}\r\n"
        )
        if not keep_alive:
            head += "Connection: close\r\n"
        # Logged before sending, so that a client that got its answer always finds the line.
        if not getattr(self.server, "quiet", False):
            self._log(status, len(body))
        # One write: status line + headers + body in a single sendall.
        self.wfile.write(head.encode("latin-1") + b"\r\n" + body)

    def _log(self, status: int, size: int) -> None:
        stamp = time.strftime("%d/%b/%Y %H:%M:%S", time.localtime())
        sys.stderr.write(f'{self.client_address[0]} - [{stamp}] "{self.requestline}" {status} {size}\n')


_date_cache: Tuple[int, str] = (0, "")


def _http_date() -> str:
    """The Date header value, formatted once per second."""
    global _date_cache
    now = int(time.time())
    cached = _date_cache  # one read: another thread may replace the pair meanwhile
    if cached[0] != now:
        cached = (now, email.utils.formatdate(now, usegmt=True))
        _date_cache = cached
    return cached[1]


class HTTPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """Threaded HTTP/1.1 server running one :class:`StubApp`."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: Any, app: StubApp, quiet: bool = False) -> None:
        self.app = app
        self.quiet = quiet
        if ":" in str(address[0]):
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        bound = self.socket.getsockname()
        #: The address actually bound (the port is chosen by the system when 0 was asked).
        self.host: str = str(bound[0])
        self.port: int = int(bound[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection-level errors are logged at DEBUG only."""
        # A broken connection is the client's business; real bugs are logged by the WSGI app.
        log.debug("stub: connection error from %s", client_address, exc_info=True)


class StubServer:
    """A stub KFP API server in a background thread (context manager).

    ``with StubServer() as stub:`` starts it on a free loopback port; ``stub.url``,
    ``stub.api_client()``, and the control methods ``reset()``, ``set_run_status()``,
    ``put_artifact()``, ``advance_clock()``, ``now()`` act on it directly (in-process, no HTTP).
    Keyword arguments mirror the CLI; ``quiet`` (default True) silences per-request logging.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        db: Optional[str] = None,
        token: Optional[str] = None,
        multi_user: bool = False,
        users: UsersArg = None,
        run_duration: float = 2,
        quiet: bool = True,
    ) -> None:
        self.backend = Backend(db, multi_user=multi_user, users=users, run_duration=run_duration)
        self.token = token
        self.app = create_app(self.backend, token=token)
        self._httpd = HTTPServer((host, port), self.app, quiet=quiet)
        self.host, self.port = self._httpd.host, self._httpd.port
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:40123``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> "StubServer":
        """Start serving in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._httpd.serve_forever, name="kfp-stub", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the database."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()
        self.backend.close()

    def __enter__(self) -> "StubServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Serve in the calling thread until :meth:`shutdown`."""
        self._httpd.serve_forever()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` (call it from another thread)."""
        self._httpd.shutdown()

    def stop_serving_and_close(self) -> None:
        """After :meth:`serve_forever` returned: close the socket and the database."""
        self._httpd.server_close()
        self.backend.close()

    def api_client(self, user: Optional[str] = None) -> Any:
        """A :class:`kfp_server_api.ApiClient` for this server (Bearer token and ``kubeflow-userid`` if given)."""
        import kfp_server_api

        config = kfp_server_api.Configuration(host=self.url)
        if self.token:
            config.api_key["authorization"] = self.token
            config.api_key_prefix["authorization"] = "Bearer"
        if user is not None:
            return kfp_server_api.ApiClient(config, header_name="kubeflow-userid", header_value=user)
        return kfp_server_api.ApiClient(config)

    # -- control (same effects as the /_stub/ routes) -------------------------------------------
    def reset(self) -> None:
        """Forget all state and return to real time."""
        self.backend.reset()

    def set_run_status(self, run_id: str, status: str) -> None:
        """Force a run's status (terminal statuses set ``finished_at``; automatic progress stops)."""
        self.backend.set_run_status(run_id, status)

    def put_artifact(self, run_id: str, node_id: str, artifact_name: str, data: bytes) -> None:
        """Store the bytes ReadArtifact returns for this run/node/artifact."""
        self.backend.put_artifact(run_id, node_id, artifact_name, bytes(data))

    def advance_clock(self, seconds: float) -> str:
        """Advance the stub clock (runs progress, due recurring runs start); returns the new time."""
        self.backend.advance_clock(seconds)
        return self.now()

    def freeze_clock(self, frozen: bool = True) -> None:
        """Stop (or restart) real time on the stub clock; only :meth:`advance_clock` moves it then."""
        self.backend.clock.freeze(frozen)

    def now(self) -> str:
        """The stub clock as RFC 3339."""
        from .jsonpb import ts

        return ts(self.backend.now())


def wait_ready(url: str, timeout: float = 10.0) -> bool:
    """Poll ``GET /apis/v1beta1/healthz`` until it answers 200 (for scripts starting the CLI)."""
    import http.client

    parsed = urllib.parse.urlsplit(url)
    host, port = parsed.hostname, parsed.port  # .port raises ValueError for a bad port
    if not host:
        raise ValueError(f"wait_ready needs a URL with a host, like http://127.0.0.1:8888, got {url!r}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection(host, port, timeout=2)
        try:
            conn.request("GET", "/apis/v1beta1/healthz")
            if conn.getresponse().status == 200:
                return True
        except (OSError, http.client.HTTPException):
            pass  # not listening yet, or answering garbage while starting
        finally:
            conn.close()
        time.sleep(0.05)
    return False


__all__ = ["StubServer", "HTTPServer", "wait_ready"]
