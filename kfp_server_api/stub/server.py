"""The stub's HTTP/1.1 server and :class:`StubServer` (in-process use).

A small threaded keep-alive server from the standard library runs the WSGI app. Each
response (status line, headers and body) goes out in ONE ``sendall`` and sockets use
``TCP_NODELAY``: ``http.server``'s default writes headers and body separately, which meets
delayed ACKs and caps a keep-alive client at a few hundred requests per second.
"""
import email.utils
import io

import logging
import selectors
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


#: Longest request line (-> 414) and longest header block after it (-> 431).
_MAX_LINE = 65536
_MAX_HEADER_BLOCK = 65536
_MAX_HEADERS = 100
_RECV = 65536


class _BadFraming(Exception):
    """A request whose framing cannot be trusted: answered with ``status`` and the connection closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Conn:
    """One client socket with its receive buffer (pipelined bytes stay here for the next request)."""

    __slots__ = ("sock", "buf")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def fill(self) -> bool:
        """Receive more bytes into the buffer; False at end of stream."""
        data = self.sock.recv(_RECV)
        if not data:
            return False
        self.buf = self.buf + data if self.buf else data
        return True

    def take(self, n: int) -> bytes:
        """Up to ``n`` bytes: buffered ones first, then at most one ``recv``."""
        if not self.buf:
            return self.sock.recv(min(n, _RECV))
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def line(self, limit: int) -> bytes:
        """One line including its ``\\n`` (chunked framing); 400 when longer than ``limit``."""
        while True:
            end = self.buf.find(b"\n")
            if end >= 0:
                out, self.buf = self.buf[:end + 1], self.buf[end + 1:]
                return out
            if len(self.buf) > limit:
                raise _BadFraming(400, "bad request framing: chunk line too long")
            if not self.fill():
                raise _BadFraming(400, "bad request framing: connection closed inside a chunked body")

    def exact(self, n: int) -> bytes:
        """Exactly ``n`` bytes (chunk data); 400 when the stream ends first."""
        while len(self.buf) < n:
            if not self.fill():
                raise _BadFraming(400, "bad request framing: connection closed inside a chunked body")
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


class _BodyReader:
    """``wsgi.input`` of a Content-Length body: never reads past it (keeps keep-alive in sync)."""

    __slots__ = ("_conn", "remaining")

    def __init__(self, conn: _Conn, length: int) -> None:
        self._conn = conn
        self.remaining = length

    def read(self, size: Optional[int] = -1) -> bytes:
        """At most ``size`` bytes (all that is left when negative), fewer only at end of stream."""
        if size is None or size < 0 or size > self.remaining:
            size = self.remaining
        parts = []
        while size > 0:
            data = self._conn.take(size)
            if not data:
                self.remaining = 0
                break
            parts.append(data)
            size -= len(data)
            self.remaining -= len(data)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def readline(self, size: Optional[int] = -1) -> bytes:
        """One line of the remaining body (at most ``size`` bytes)."""
        limit = self.remaining if size is None or size < 0 else min(size, self.remaining)
        out = bytearray()
        while len(out) < limit:
            data = self.read(1)
            if not data:
                break
            out += data
            if data == b"\n":
                break
        return bytes(out)

    def drain(self, limit: int = 1 << 20) -> bool:
        """Discard what the app did not read; False when too much is left (close instead)."""
        if self.remaining > limit:
            return False
        while self.remaining > 0:
            if not self.read(min(self.remaining, _RECV)):
                break
        return True


def _next_head(buf: bytes) -> Tuple[bytes, int, int]:
    """(``buf`` without leading blank lines, end of the head, start of the body); -1s while incomplete.

    The blank line ends the head; bare ``\\n`` line ends are tolerated. While the head is
    incomplete, raises 414 for a request line over ``_MAX_LINE`` and 431 for a header block
    over ``_MAX_HEADER_BLOCK`` (:func:`_parse_head` checks the same of a complete head).
    """
    if buf[:1] in (b"\r", b"\n"):  # tolerate stray empty lines between requests
        buf = buf.lstrip(b"\r\n")
    crlf = buf.find(b"\r\n\r\n")
    if crlf >= 0:
        # A bare "\n\n" before it ends the head earlier (only the head is searched).
        lf = buf.find(b"\n\n", 0, crlf + 1)
        return (buf, crlf, crlf + 4) if lf < 0 else (buf, lf, lf + 2)
    lf = buf.find(b"\n\n")
    if lf >= 0:
        return buf, lf, lf + 2
    line_end = buf.find(b"\n")
    _check_sizes(line_end if line_end >= 0 else len(buf), len(buf) - line_end if line_end >= 0 else 0)
    return buf, -1, -1


def _check_sizes(line: int, block: int) -> None:
    """414 for a request line of ``line`` characters, 431 for a header block of ``block`` (with its line end)."""
    if line > _MAX_LINE + 1:
        raise _BadFraming(414, "request line too long")
    if block > _MAX_HEADER_BLOCK:
        raise _BadFraming(431, "request header fields too large")


def _parse_head(head: bytes) -> Tuple[str, str, str, str, Dict[str, str], bool]:
    """(request line, METHOD, target, version, lower-cased headers, keep-alive) of a complete head.

    The headers dict may be shared with earlier requests that sent the same header block
    (see :data:`_FIELD_BLOCKS`): read it, never change it.
    """
    text = head.decode("latin-1")
    requestline, newline, rest = text.partition("\n")
    if len(requestline) > _MAX_LINE + 1 or len(rest) >= _MAX_HEADER_BLOCK:
        _check_sizes(len(requestline), len(rest) + 1 if newline else 0)
    requestline = requestline.rstrip("\r")
    parts = requestline.split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise _BadFraming(400, f"bad request line {requestline[:100]!r}")
    method, target, version = parts
    if newline:
        headers = _FIELD_BLOCKS.get(rest)
        if headers is None:
            headers = _parse_fields(rest)
            if len(rest) <= _MAX_REMEMBERED_BLOCK:
                if len(_FIELD_BLOCKS) >= 256:  # bounded: clients may vary their headers
                    _FIELD_BLOCKS.clear()
                _FIELD_BLOCKS[rest] = headers
    else:
        headers = _NO_FIELDS
    connection = headers.get("connection")
    if connection is None:
        keep_alive = version == "HTTP/1.1"
    else:
        connection = connection.lower()
        keep_alive = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection
    return requestline, method.upper(), target, version, headers, keep_alive


def _parse_fields(block: str) -> Dict[str, str]:
    """The header lines after the request line -> {lower-cased name: value} (repeated names joined)."""
    lines = block.split("\n")
    if len(lines) > _MAX_HEADERS:
        raise _BadFraming(431, "too many header lines")
    headers: Dict[str, str] = {}
    for raw in lines:
        name, sep, value = raw.partition(":")
        key = name.strip().lower()
        if not sep or not key:
            raise _BadFraming(400, "bad header line")
        if key in headers:
            headers[key] = f"{headers[key]}, {value.strip()}"
        else:
            headers[key] = value.strip()
    return headers


def _may_have_body(headers: Dict[str, str]) -> bool:
    """Whether a request with these headers has (or may announce) a body: chunked, Expect, a Content-Length."""
    if "transfer-encoding" in headers or "expect" in headers:
        return True
    length = headers.get("content-length")
    return length is not None and (length.strip() or "0") != "0"


#: Parsed header blocks by their text. A keep-alive client sends the same headers with every
#: request (only the request line changes), so the block is parsed once per distinct text.
#: The dicts are shared: nothing may change them.
_FIELD_BLOCKS: Dict[str, Dict[str, str]] = {}
#: Longest header block remembered in :data:`_FIELD_BLOCKS` (longer ones are parsed each time).
_MAX_REMEMBERED_BLOCK = 4096
_NO_FIELDS: Dict[str, str] = {}


def _base_environ(server: "HTTPServer", client_address: Any) -> Dict[str, Any]:
    """The per-connection part of every WSGI environ (copied per request)."""
    return {
        "SERVER_NAME": server.host,
        "SERVER_PORT": str(server.port),
        "REMOTE_ADDR": client_address[0],
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def _environ(base: Dict[str, Any], method: str, target: str, version: str, headers: Dict[str, str]) -> Dict[str, Any]:
    """The WSGI environ of one request, without its body."""
    path = origin_path(target)
    environ = base.copy()
    environ["REQUEST_METHOD"] = method
    # The raw target (as gunicorn's RAW_URI): the app routes on it so "%2F" stays in a segment.
    environ["RAW_URI"] = target
    environ["PATH_INFO"] = urllib.parse.unquote(path, encoding="latin-1") if "%" in path else path
    environ["QUERY_STRING"] = target.partition("?")[2]
    environ["SERVER_PROTOCOL"] = version
    environ["CONTENT_TYPE"] = headers.get("content-type", "")
    for key, value in headers.items():
        if key != "content-type" and key != "content-length":
            name = _CGI_NAMES.get(key)
            if name is None:
                name = "HTTP_" + key.upper().replace("-", "_")
                if len(_CGI_NAMES) < 256:  # bounded: clients may send any header names
                    _CGI_NAMES[key] = name
            environ[name] = value
    return environ


#: ``"user-agent"`` -> ``"HTTP_USER_AGENT"`` for the header names seen so far (see :func:`_environ`).
_CGI_NAMES: Dict[str, str] = {}


def _response(status: int, body: bytes, ctype: str, keep_alive: bool, length: Optional[int] = None) -> bytes:
    """Status line, headers and body as one buffer (``length``: the Content-Length of a HEAD answer).

    Header order: Content-Type, Content-Length, Date (then ``Connection: close``). The part
    before the length is built once per (status, type), the part after it once per second.
    """
    head = _HEADS.get((status, ctype))
    if head is None:
        head = f"HTTP/1.1 {status_line(status)}\r\nContent-Type: {ctype}\r\nContent-Length: ".encode("latin-1")
        if len(_HEADS) < 64:  # bounded: handlers choose content types
            _HEADS[(status, ctype)] = head
    global _tails
    tail = _tails
    now = time.time()
    if not tail[0] - 1 <= now < tail[0]:  # one read of the tuple: another thread may replace it meanwhile
        second = int(now)
        date = email.utils.formatdate(second, usegmt=True)
        tail = (second + 1, f"\r\nDate: {date}\r\n\r\n".encode("latin-1"),
                f"\r\nDate: {date}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        _tails = tail
    return b"%s%d%s%s" % (head, len(body) if length is None else length, tail[1] if keep_alive else tail[2], body)


#: Response heads up to ``Content-Length: `` by (status, content type), see :func:`_response`.
_HEADS: Dict[Tuple[int, str], bytes] = {}
#: (when it expires, the rest of the head from the Date header on: keep-alive, then closing).
_tails: Tuple[float, bytes, bytes] = (0.0, b"", b"")


def _log(client_address: Any, requestline: str, status: int, size: int) -> None:
    stamp = time.strftime("%d/%b/%Y %H:%M:%S", time.localtime())
    sys.stderr.write(f'{client_address[0]} - [{stamp}] "{requestline}" {status} {size}\n')


def _close(sock: socket.socket) -> None:
    """Send FIN after what was written, then close (as socketserver does)."""
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    sock.close()


class _ThreadedConnection:
    """A connection served by its own thread with blocking reads: requests with a body.

    The event loop of :class:`HTTPServer` hands a connection over when a request has a body
    (uploads and JSON bodies stream, ``Expect: 100-continue``, chunked framing) or may block on
    the network (every method other than GET/HEAD); the thread then serves the connection to
    its end, so slow uploads never stall the loop's clients.
    """

    def __init__(self, server: "HTTPServer", sock: socket.socket, client_address: Any, buf: bytes) -> None:
        self.server = server
        self.request = sock
        self.client_address = client_address
        self.conn = _Conn(sock)
        self.conn.buf = buf
        self.requestline = ""
        self._base_environ = _base_environ(server, client_address)

    def run(self) -> None:
        """Serve requests until the client or a framing error closes the connection."""
        try:
            while self._handle_one():
                pass
        except _BadFraming as exc:
            self._fail(exc.status, exc.message)
        except (ConnectionError, socket.timeout, OSError):
            pass
        except Exception:  # never let a connection thread die noisily; the app logs its own errors
            log.debug("stub: connection error from %s", self.client_address, exc_info=True)
        finally:
            _close(self.request)

    def _read_head(self) -> Optional[Tuple[bytes, int]]:
        """(head bytes, body start) of the next request, None when the client closed between requests."""
        conn = self.conn
        while True:
            conn.buf, end, body_start = _next_head(conn.buf)
            if end >= 0:
                return conn.buf[:end], body_start
            if not conn.fill():
                if conn.buf.strip():
                    raise _BadFraming(400, "connection closed inside the request head")
                return None

    def _handle_one(self) -> bool:
        """Serve one request; False when the connection must close."""
        got = self._read_head()
        if got is None:
            return False
        head, body_start = got
        self.conn.buf = self.conn.buf[body_start:]
        self.requestline, method, target, version, headers, keep_alive = _parse_head(head)
        return self._serve(method, target, version, headers, keep_alive)

    def _serve(self, method: str, target: str, version: str, headers: Dict[str, str], keep_alive: bool) -> bool:
        environ = _environ(self._base_environ, method, target, version, headers)
        reader: Optional[_BodyReader] = None
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        length_header = headers.get("content-length", "0").strip() or "0"
        if not chunked and not length_header.isdigit():
            raise _BadFraming(400, f"bad request framing: invalid Content-Length {length_header!r}")
        length = 0 if chunked else int(length_header)
        if (headers.get("expect", "").lower() == "100-continue" and version == "HTTP/1.1"
                and (chunked or length > len(self.conn.buf))):
            self.request.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if chunked:
            body = self._read_chunked()
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input"] = io.BytesIO(body)
        elif length <= len(self.conn.buf):  # the common case: the body came with the head
            environ["CONTENT_LENGTH"] = length_header
            environ["wsgi.input"] = io.BytesIO(self.conn.buf[:length])
            self.conn.buf = self.conn.buf[length:]
        else:
            reader = _BodyReader(self.conn, length)
            environ["CONTENT_LENGTH"] = length_header
            environ["wsgi.input"] = reader
        status, body, ctype = self.server.app.handle(environ)
        if reader is not None and not reader.drain():
            keep_alive = False
        self._send(status, body, ctype, keep_alive=keep_alive, head_only=method == "HEAD")
        return keep_alive

    def _read_chunked(self) -> bytes:
        conn = self.conn
        out = bytearray()
        while True:
            line = conn.line(1024)
            try:
                size = int(line.split(b";", 1)[0].strip() or b"x", 16)
            except ValueError:
                raise _BadFraming(400, "bad request framing: invalid chunk size") from None
            if size < 0:
                raise _BadFraming(400, "bad request framing: negative chunk size")
            if size == 0:
                while conn.line(1024) not in (b"\r\n", b"\n"):  # trailers
                    pass
                return bytes(out)
            if len(out) + size > MAX_CHUNKED_BODY:
                raise _BadFraming(400, "bad request framing: chunked body too large")
            out += conn.exact(size)
            conn.line(16)

    def _fail(self, status: int, message: str) -> None:
        try:
            self._send(status, message.encode("utf-8") + b"\n", "text/plain; charset=utf-8", keep_alive=False)
        except OSError:
            pass

    def _send(self, status: int, body: bytes, ctype: str, *, keep_alive: bool, head_only: bool = False) -> None:
        # Logged before sending, so that a client that got its answer always finds the line.
        if not self.server.quiet:
            _log(self.client_address, self.requestline, status, len(body))
        data = _response(status, b"", ctype, keep_alive, len(body)) if head_only else _response(status, body, ctype, keep_alive)
        self.request.sendall(data)


class _LoopConnection:
    """State of a connection served by the event loop: bytes received, bytes still to send."""

    __slots__ = ("sock", "address", "buf", "out", "close_after", "eof", "last")

    def __init__(self, sock: socket.socket, address: Any) -> None:
        self.sock = sock
        self.address = address
        self.buf = b""
        self.out = b""
        self.close_after = False
        self.eof = False
        self.last = time.monotonic()


class HTTPServer(socketserver.TCPServer):
    """HTTP/1.1 server running one :class:`StubApp`.

    One thread runs an event loop (``selectors``) over every connection and answers GET and
    HEAD requests without a body itself: no thread hand-offs and no lock convoys for the
    requests that dominate polling clients and test suites. A connection whose request has a
    body (or another method) is handed to a thread of its own (:class:`_ThreadedConnection`).
    """

    allow_reuse_address = True
    request_queue_size = 128
    #: Idle keep-alive connections (and clients stalled mid-request) are closed after this long.
    timeout: float = 300

    def __init__(self, address: Any, app: StubApp, quiet: bool = False) -> None:
        self.app = app
        self.quiet = quiet
        # The loop serves body-less requests through StubApp.handle_target; any other app with
        # only ``handle(environ)`` (e.g. a wrapper in front of a StubApp) is served in threads.
        self._serves_targets = callable(getattr(app, "handle_target", None))
        if ":" in str(address[0]):
            self.address_family = socket.AF_INET6
        super().__init__(address, socketserver.BaseRequestHandler)
        bound = self.socket.getsockname()
        #: The address actually bound (the port is chosen by the system when 0 was asked).
        self.host: str = str(bound[0])
        self.port: int = int(bound[1])
        self._stop_request = threading.Event()
        self._stopped = threading.Event()
        self._conns: Dict[socket.socket, _LoopConnection] = {}
        self._loop_now = time.monotonic()

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Serve until :meth:`shutdown` (which waits for this to return)."""
        self._stopped.clear()
        sel = selectors.DefaultSelector()
        self.socket.setblocking(False)
        sel.register(self.socket, selectors.EVENT_READ, None)
        next_sweep = time.monotonic() + 5
        try:
            while not self._stop_request.is_set():
                events = sel.select(poll_interval)
                # One clock read per wake-up: the idle time of the connections served in it.
                self._loop_now = now = time.monotonic()
                for key, mask in events:
                    c = key.data
                    if c is None:
                        self._accept(sel)
                        continue
                    try:
                        if mask & selectors.EVENT_WRITE:
                            self._flush(sel, c)
                        if mask & selectors.EVENT_READ and c.sock in self._conns:
                            self._readable(sel, c)
                    except Exception:  # one broken connection must not stop the loop
                        log.debug("stub: connection error from %s", c.address, exc_info=True)
                        self._drop(sel, c)
                if now >= next_sweep:
                    next_sweep = now + 5
                    for c in [c for c in self._conns.values() if now - c.last > self.timeout]:
                        self._drop(sel, c)
        finally:
            for c in list(self._conns.values()):
                self._drop(sel, c)
            sel.close()
            self._stop_request.clear()
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` and wait for it (call from another thread)."""
        self._stop_request.set()
        self._stopped.wait()

    def _accept(self, sel: selectors.BaseSelector) -> None:
        for _ in range(64):
            try:
                sock, address = self.socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # e.g. too many open files: the backlog keeps the client waiting
                log.debug("stub: accept failed", exc_info=True)
                return
            sock.setblocking(False)
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
            c = _LoopConnection(sock, address)
            self._conns[sock] = c
            sel.register(sock, selectors.EVENT_READ, c)

    def _drop(self, sel: selectors.BaseSelector, c: _LoopConnection) -> None:
        if self._conns.pop(c.sock, None) is None:
            return
        try:
            sel.unregister(c.sock)
        except (KeyError, ValueError):
            pass
        _close(c.sock)

    def _readable(self, sel: selectors.BaseSelector, c: _LoopConnection) -> None:
        try:
            data = c.sock.recv(_RECV)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(sel, c)
            return
        c.last = self._loop_now
        if data:
            c.buf = c.buf + data if c.buf else data
        else:
            c.eof = True
        self._process(sel, c)

    def _process(self, sel: selectors.BaseSelector, c: _LoopConnection) -> None:
        """Answer the complete requests in ``c.buf``, in order, while nothing waits to be sent."""
        while not c.out and c.sock in self._conns:
            if not c.buf:  # the usual end: every request received has been answered
                if c.eof:
                    self._drop(sel, c)
                return
            try:
                c.buf, end, body_start = _next_head(c.buf)
                if end < 0:
                    if c.eof:
                        if c.buf.strip():
                            raise _BadFraming(400, "connection closed inside the request head")
                        self._drop(sel, c)
                    return
                requestline, method, target, version, headers, keep_alive = _parse_head(c.buf[:end])
            except _BadFraming as exc:
                c.buf = b""
                self._queue(sel, c, _response(exc.status, exc.message.encode("utf-8") + b"\n",
                                              "text/plain; charset=utf-8", False), True)
                return
            if (method != "GET" and method != "HEAD") or _may_have_body(headers) or not self._serves_targets:
                self._hand_off(sel, c)
                return
            c.buf = c.buf[body_start:]
            # No WSGI environ here: the app serves the request straight from its head.
            status, body, ctype = self.app.handle_target(method, target, headers)
            if not self.quiet:
                _log(c.address, requestline, status, len(body))
            if method == "HEAD":
                data = _response(status, b"", ctype, keep_alive, len(body))
            else:
                data = _response(status, body, ctype, keep_alive)
            self._queue(sel, c, data, not keep_alive)

    def _queue(self, sel: selectors.BaseSelector, c: _LoopConnection, data: bytes, close: bool) -> None:
        """Send ``data`` now as far as the socket takes it; the rest when it is writable again."""
        c.close_after = close
        try:
            sent = c.sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError:
            self._drop(sel, c)
            return
        if sent == len(data):
            if close:
                self._drop(sel, c)
            return
        c.out = data[sent:]
        sel.modify(c.sock, selectors.EVENT_WRITE, c)

    def _flush(self, sel: selectors.BaseSelector, c: _LoopConnection) -> None:
        try:
            sent = c.sock.send(c.out)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(sel, c)
            return
        c.out = c.out[sent:]
        c.last = self._loop_now
        if c.out:
            return
        if c.close_after:
            self._drop(sel, c)
            return
        sel.modify(c.sock, selectors.EVENT_READ, c)
        self._process(sel, c)  # pipelined requests that waited for this answer

    def _hand_off(self, sel: selectors.BaseSelector, c: _LoopConnection) -> None:
        """Give the connection (and its unparsed bytes) to a thread of its own."""
        self._conns.pop(c.sock, None)
        sel.unregister(c.sock)
        c.sock.setblocking(True)
        c.sock.settimeout(self.timeout)
        worker = _ThreadedConnection(self, c.sock, c.address, c.buf)
        threading.Thread(target=worker.run, name="kfp-stub-conn", daemon=True).start()

    def server_close(self) -> None:
        """Close the listening socket (connections are closed when :meth:`serve_forever` ends)."""
        super().server_close()


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
