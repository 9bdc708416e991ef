"""The baseline HTTP server of the benchmarks: canned bodies at the speed limit of standard-library Python.

It answers fixed responses for fixed ``(method, path)`` pairs and does nothing else, so what it costs
per request is close to the least that *any* Python HTTP/1.1 server can cost: one ``recv``, a byte
search for the end of the headers, one dictionary look-up and one ``send`` of a response that was
fully built (status line, headers and body in a single buffer) at start-up. It is single-threaded
over ``selectors`` (no GIL hand-offs between worker threads), sets ``TCP_NODELAY`` so small responses
are not held back by Nagle's algorithm, and keeps connections alive as HTTP/1.1 requires.

Correct where clients can tell: pipelined requests are answered in order; request bodies are read
(``Content-Length`` or ``chunked``) and discarded; ``Connection: close`` and HTTP/1.0 are honoured;
``HEAD`` gets headers only; oversized or malformed requests get a 4xx and the connection is closed.
Unknown paths get a gateway-shaped 404 JSON body, known paths with another method a 405.

In-process use::

    server = BareServer({("GET", "/apis/v1beta1/experiments/x"): body_bytes})
    server.start()          # background thread; server.port is the bound port
    ...
    server.stop()

As a process (what the throughput figures use, so server and client do not share a GIL)::

    python benchmarks/bare_server.py --route GET /apis/v1beta1/experiments/x body.json
    # prints "PORT <n>" on stdout, serves until stdin closes or SIGTERM
"""
import argparse
import selectors
import signal
import socket
import sys
import threading
from typing import Dict, Optional, Tuple, Union

__all__ = ["BareServer", "main"]

_MAX_HEAD = 64 * 1024
_MAX_BODY = 64 * 1024 * 1024
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large", 431: "Request Header Fields Too Large", 501: "Not Implemented", 505: "HTTP Version Not Supported"}

Canned = Union[bytes, Tuple[int, bytes, str]]


class _BadRequest(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _response(status: int, body: bytes, content_type: str, close: bool, head: bool = False, allow: str = "") -> bytes:
    lines = [
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body)}",
    ]
    if allow:
        lines.append(f"Allow: {allow}")
    if close:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (b"" if head else body)


def _error(status: int, close: bool, allow: str = "") -> bytes:
    reason = _REASONS.get(status, "Error")
    body = b'{"error":"%s","code":%d,"message":"%s","details":[]}' % (reason.encode(), 5 if status == 404 else 3, reason.encode())
    return _response(status, body, "application/json", close, allow=allow)


def _chunked_length(buf: bytearray, start: int) -> Optional[int]:
    """End offset of a complete chunked body starting at ``start``, or None while incomplete."""
    pos = start
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            if len(buf) - pos > 1024:
                raise _BadRequest(400)
            return None
        try:
            size = int(bytes(buf[pos:eol]).split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise _BadRequest(400) from None
        if size < 0 or eol - start > _MAX_BODY:
            raise _BadRequest(413)
        if size == 0:
            # Optional trailer lines, then the empty line; with no trailers the search hits at eol.
            end = buf.find(b"\r\n\r\n", eol)
            return end + 4 if end >= 0 else None
        pos = eol + 2 + size + 2
        if len(buf) < pos:
            return None


class _Conn:
    __slots__ = ("sock", "inbuf", "outbuf", "closing")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.inbuf = bytearray()
        self.outbuf = bytearray()
        self.closing = False


class BareServer:
    """A selectors-based HTTP/1.1 keep-alive server of canned responses.

    ``routes`` maps ``(METHOD, path)`` to either body bytes (served as 200 ``application/json``)
    or a ``(status, body, content_type)`` tuple. The query string is ignored when matching.
    """

    def __init__(self, routes: Dict[Tuple[str, str], Canned], host: str = "127.0.0.1", port: int = 0) -> None:
        self._keep: Dict[Tuple[bytes, bytes], bytes] = {}
        self._close: Dict[Tuple[bytes, bytes], bytes] = {}
        self._head: Dict[Tuple[bytes, bytes], bytes] = {}
        self._allow: Dict[bytes, str] = {}
        for (method, path), canned in routes.items():
            status, body, ctype = (200, canned, "application/json") if isinstance(canned, bytes) else canned
            key = (method.upper().encode(), path.encode())
            self._keep[key] = _response(status, body, ctype, close=False)
            self._close[key] = _response(status, body, ctype, close=True)
            self._head[key] = _response(status, body, ctype, close=False, head=True)
            methods = set(self._allow.get(key[1], "").split(", ")) - {""} | {method.upper()}
            self._allow[key[1]] = ", ".join(sorted(methods | ({"HEAD"} if "GET" in methods else set())))
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((host, port))
        self._listener.listen(256)
        self._listener.setblocking(False)
        self.host = host
        self.port: int = self._listener.getsockname()[1]
        self._wake_r, self._wake_w = socket.socketpair()
        self._stopping = False
        self._thread: Optional[threading.Thread] = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> "BareServer":
        """Serve in a daemon thread; returns ``self``."""
        self._thread = threading.Thread(target=self.serve_forever, name="bare-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every socket (idempotent)."""
        self._stopping = True
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "BareServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Run the event loop in the calling thread until :meth:`stop`."""
        sel = selectors.DefaultSelector()
        sel.register(self._listener, selectors.EVENT_READ, None)
        sel.register(self._wake_r, selectors.EVENT_READ, "wake")
        conns: Dict[int, _Conn] = {}
        try:
            while not self._stopping:
                for key, events in sel.select():
                    if key.data == "wake":
                        self._stopping = True
                        break
                    if key.data is None:
                        self._accept(sel, conns)
                        continue
                    conn: _Conn = key.data
                    if events & selectors.EVENT_READ:
                        self._on_read(sel, conn, conns)
                    if events & selectors.EVENT_WRITE and conn.sock.fileno() >= 0:
                        self._flush(sel, conn, conns)
        finally:
            for conn in list(conns.values()):
                self._drop(sel, conn, conns)
            sel.close()
            self._listener.close()
            self._wake_r.close()
            self._wake_w.close()

    # -- internals ----------------------------------------------------------------------------

    def _accept(self, sel: selectors.BaseSelector, conns: dict) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn = _Conn(sock)
            conns[sock.fileno()] = conn
            sel.register(sock, selectors.EVENT_READ, conn)

    def _drop(self, sel: selectors.BaseSelector, conn: _Conn, conns: dict) -> None:
        try:
            fd = conn.sock.fileno()
            if fd >= 0:
                sel.unregister(conn.sock)
                conns.pop(fd, None)
        except (KeyError, ValueError, OSError):
            pass
        conn.sock.close()

    def _on_read(self, sel: selectors.BaseSelector, conn: _Conn, conns: dict) -> None:
        try:
            data = conn.sock.recv(262144)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._drop(sel, conn, conns)
            return
        if not data:
            self._drop(sel, conn, conns)
            return
        if conn.closing:
            return  # a Connection: close request was seen; later bytes are ignored
        buf = conn.inbuf
        buf += data
        while buf and not conn.closing:
            try:
                consumed, response, close = self._parse_one(buf)
            except _BadRequest as exc:
                conn.outbuf += _error(exc.status, close=True)
                conn.closing = True
                buf.clear()
                break
            if consumed == 0:
                break
            del buf[:consumed]
            conn.outbuf += response
            conn.closing = close
        self._flush(sel, conn, conns)

    def _parse_one(self, buf: bytearray) -> Tuple[int, bytes, bool]:
        """Parse one request at the start of ``buf``: (bytes consumed or 0 if incomplete, response, close)."""
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            if len(buf) > _MAX_HEAD:
                raise _BadRequest(431)
            return 0, b"", False
        if end > _MAX_HEAD:
            raise _BadRequest(431)
        lines = bytes(buf[:end]).split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            raise _BadRequest(505 if len(parts) == 3 and parts[2].startswith(b"HTTP/") else 400)
        method, target, version = parts
        length = 0
        chunked = False
        connection = b""
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if not sep:
                raise _BadRequest(400)
            name = name.strip().lower()
            if name == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    raise _BadRequest(400) from None
                if length < 0:
                    raise _BadRequest(400)
                if length > _MAX_BODY:
                    raise _BadRequest(413)
            elif name == b"transfer-encoding":
                if value.strip().lower() != b"chunked":
                    raise _BadRequest(501)
                chunked = True
            elif name == b"connection":
                connection = value.strip().lower()
        body_start = end + 4
        if chunked:
            body_end = _chunked_length(buf, body_start)
            if body_end is None:
                return 0, b"", False
        else:
            body_end = body_start + length
            if len(buf) < body_end:
                return 0, b"", False
        if version == b"HTTP/1.0":
            close = connection != b"keep-alive"
        else:
            close = connection == b"close"
        path = target.split(b"?", 1)[0]
        key = (method, path)
        if method == b"HEAD":
            key = (b"GET", path)
            response = self._head.get(key)
            if response is not None:
                return body_end, response, close
        response = (self._close if close else self._keep).get(key)
        if response is None:
            allow = self._allow.get(path, "")
            response = _error(405 if allow else 404, close, allow)
        return body_end, response, close

    def _flush(self, sel: selectors.BaseSelector, conn: _Conn, conns: dict) -> None:
        if conn.outbuf:
            try:
                sent = conn.sock.send(conn.outbuf)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                self._drop(sel, conn, conns)
                return
            del conn.outbuf[:sent]
        if conn.outbuf:
            sel.modify(conn.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, conn)
            return
        if conn.closing:
            self._drop(sel, conn, conns)
            return
        sel.modify(conn.sock, selectors.EVENT_READ, conn)


def main(argv: Optional[list] = None) -> int:
    """Command line: serve canned routes, print ``PORT <n>``, stop when stdin closes or on SIGTERM."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--route", nargs=3, action="append", metavar=("METHOD", "PATH", "BODY_FILE"), default=[], help="serve BODY_FILE (JSON) for METHOD PATH; repeatable")
    args = parser.parse_args(argv)
    routes: Dict[Tuple[str, str], Canned] = {}
    for method, path, body_file in args.route:
        with open(body_file, "rb") as f:
            routes[(method, path)] = f.read()
    server = BareServer(routes, args.host, args.port)
    signal.signal(signal.SIGTERM, lambda *_: server.stop())
    print(f"PORT {server.port}", flush=True)

    def watch_stdin() -> None:
        # The parent closing our stdin (or dying) is the portable "please exit" signal.
        try:
            sys.stdin.read()
        finally:
            server.stop()

    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
