"""An in-process transport: an :class:`~kfp_server_api.ApiClient` calls a WSGI app with no socket.

The SDK sends every request through ``ApiClient.rest_client.request(...)`` (see
``kfp_server_api/rest.py``). :class:`WSGITransport` has the same ``request`` signature but,
instead of opening a connection, builds a PEP 3333 ``environ`` and calls the stub's WSGI
application (or any WSGI app) directly, then hands back a response with the shape of
``rest.RESTResponse``. Tests get the stub's exact behaviour without ports, threads or sockets::

    client = kfp_server_api.ApiClient(kfp_server_api.Configuration(host="http://stub"))
    attach(client)                      # a fresh in-memory stub
    kfp_server_api.ExperimentServiceApi(client).list_experiments()

Differences from the network transport, by design: timeouts are validated but not applied
(nothing can hang), no retries happen (the app answers every request), and the host part of
the URL only fills ``SERVER_NAME``/``SERVER_PORT``.
"""
import collections.abc
import http
import io
import sys
import urllib.parse
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

__all__ = ["WSGITransport", "WSGIResponse", "attach"]

_CHUNK = 64 * 1024


class _Headers(collections.abc.Mapping):
    """Response headers with case-insensitive lookup (like urllib3's ``HTTPHeaderDict``)."""

    def __init__(self, pairs: Iterable[Tuple[str, str]]) -> None:
        self._items: Dict[str, Tuple[str, str]] = {}
        for name, value in pairs:
            key = name.lower()
            if key in self._items:
                value = f"{self._items[key][1]}, {value}"
            self._items[key] = (name, value)

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()][1]

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._items

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"


class WSGIResponse(io.IOBase):
    """A response of the WSGI app: ``status``, ``reason``, ``data`` (bytes) and headers.

    It also reads like an unread urllib3 response (``read``, ``stream``, ``release_conn``),
    which is what the SDK returns when a call passes ``_preload_content=False``.
    """

    def __init__(self, status: int, reason: str, headers: Sequence[Tuple[str, str]], data: bytes) -> None:
        self.status = status
        self.reason = reason
        self.headers = _Headers(headers)
        self.data = data
        self._body = io.BytesIO(data)

    def getheaders(self) -> _Headers:
        """All response headers (case-insensitive mapping)."""
        return self.headers

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """One response header, or ``default``."""
        return self.headers.get(name, default)

    def readable(self) -> bool:
        """Always true: the body can be read."""
        return True

    def read(self, amt: Optional[int] = None) -> bytes:
        """Up to ``amt`` bytes of the body not read yet (all of it when ``amt`` is None)."""
        return self._body.read(-1 if amt is None else amt)

    def stream(self, amt: int = _CHUNK) -> Iterator[bytes]:
        """The unread body in chunks of at most ``amt`` bytes."""
        while True:
            chunk = self.read(amt)
            if not chunk:
                return
            yield chunk

    def release_conn(self) -> None:
        """Nothing to release: there is no connection."""

    def drain_conn(self) -> None:
        """Discard the unread body."""
        self._body.seek(0, io.SEEK_END)

    def __repr__(self) -> str:
        return f"WSGIResponse(status={self.status}, reason={self.reason!r}, bytes={len(self.data)})"


class WSGITransport:
    """Stands in for ``ApiClient.rest_client`` and sends each request to a WSGI ``app``.

    :param app: the WSGI application; default a fresh in-memory stub
        (:func:`kfp_server_api.stub.create_app`).
    :param remote_addr: the client address the app sees (``REMOTE_ADDR``).
    """

    def __init__(self, app: Optional[Callable[..., Iterable[bytes]]] = None, *, remote_addr: str = "127.0.0.1") -> None:
        if app is None:
            from .wsgi import create_app

            app = create_app()
        self.app = app
        self.remote_addr = remote_addr

    def close(self) -> None:
        """Nothing to close (kept for parity with the network transport)."""

    def request(
        self,
        method: str,
        url: str,
        query_params: Optional[Sequence[Tuple[str, Any]]] = None,
        headers: Optional[Dict[str, str]] = None,
        body: Any = None,
        post_params: Optional[List[Tuple[str, Any]]] = None,
        _preload_content: bool = True,
        _request_timeout: Any = None,
    ) -> WSGIResponse:
        """Run one request through the app and return its :class:`WSGIResponse`.

        Arguments mean what they mean for ``rest.RESTClientObject.request``: ``body`` is sent as
        is when ``bytes``/``str`` and as compact JSON otherwise; ``post_params`` become a
        multipart or url-encoded form. The response is fully read either way.
        """
        # The SDK's own encoding (rest.py), so both transports send the same bytes.
        from kfp_server_api.rest import encode_body, make_timeout, url_with_query

        make_timeout(_request_timeout)  # same validation as the network transport
        method = method.upper()
        headers = dict(headers or {})
        url = url_with_query(url, query_params)
        payload = encode_body(headers, body, post_params) or b""
        environ = self._environ(method, url, headers, payload)
        status, reason, response_headers, data = self._call(environ)
        if method == "HEAD":
            data = b""
        return WSGIResponse(status, reason, response_headers, data)

    def _environ(self, method: str, url: str, headers: Dict[str, str], payload: bytes) -> Dict[str, Any]:
        parts = urllib.parse.urlsplit(url)
        scheme = parts.scheme or "http"
        environ: Dict[str, Any] = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            # PEP 3333: PATH_INFO carries the percent-decoded bytes as latin-1 text.
            "PATH_INFO": urllib.parse.unquote_to_bytes(parts.path or "/").decode("latin-1"),
            "QUERY_STRING": parts.query,
            # The raw target (its UTF-8 bytes as latin-1 text, as servers pass it), so the app can
            # keep an encoded "/" inside a path parameter.
            "RAW_URI": urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
            .encode("utf-8").decode("latin-1"),
            "SERVER_NAME": parts.hostname or "localhost",
            "SERVER_PORT": str(parts.port or (443 if scheme == "https" else 80)),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": self.remote_addr,
            "CONTENT_LENGTH": str(len(payload)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": scheme,
            "wsgi.input": io.BytesIO(payload),
            "wsgi.input_terminated": True,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        host = parts.netloc.rpartition("@")[2]
        if host:
            environ["HTTP_HOST"] = host
        for name, value in headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = str(value)
            elif key != "CONTENT_LENGTH":
                key = "HTTP_" + key
                # Repeated headers are joined as an HTTP server would.
                environ[key] = f"{environ[key]},{value}" if key in environ else str(value)
        return environ

    def _call(self, environ: Dict[str, Any]) -> Tuple[int, str, List[Tuple[str, str]], bytes]:
        started: List[Any] = []
        written: List[bytes] = []

        def start_response(status: str, response_headers: List[Tuple[str, str]], exc_info: Any = None) -> Callable:
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, list(response_headers)]
            return written.append

        result = self.app(environ, start_response)
        try:
            chunks = written + [bytes(chunk) for chunk in result]
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if not started:
            raise RuntimeError("the WSGI application returned without calling start_response")
        status_line, response_headers = started
        code_text, _, reason = str(status_line).partition(" ")
        code = int(code_text)
        if not reason:
            try:
                reason = http.HTTPStatus(code).phrase
            except ValueError:
                reason = ""
        return code, reason, response_headers, b"".join(chunks)

    def __repr__(self) -> str:
        return f"WSGITransport(app={self.app!r})"


def attach(api_client: Any, app: Optional[Callable[..., Iterable[bytes]]] = None) -> WSGITransport:
    """Make ``api_client`` send its requests to ``app`` in-process (default: a fresh stub).

    Returns the transport now installed as ``api_client.rest_client``.
    """
    transport = WSGITransport(app)
    api_client.rest_client = transport
    return transport
