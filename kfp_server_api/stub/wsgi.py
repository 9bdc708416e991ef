"""The WSGI application of the stub: request parsing, routing, error rendering.

``create_app(backend)`` returns a plain WSGI callable usable in any WSGI server; the
bundled server (``server.py``) runs it with HTTP/1.1 keep-alive. Unmatched ``/apis/``
paths answer 404 ``Not Found`` and method mismatches 405 ``Method Not Allowed`` (text/plain,
as grpc-gateway does); handler errors are rendered as the gateway's JSON error body.
Nothing a client sends may produce a 500: unexpected exceptions are logged and answered
with a gateway-shaped 500 as a last resort, and the server keeps serving.
"""

import io
import json
import logging
import traceback
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple
import urllib.parse
from urllib.parse import parse_qsl

from . import jsonpb
from .backend import Backend
from .caller import ANONYMOUS, Caller
from .control import CONTROL_ROUTES
from .errors import INTERNAL, StubError
from .routes import ROUTES, Route, RouteMatcher

log = logging.getLogger("kfp_server_api.stub")

#: Largest JSON request body accepted (manifests can be large; uploads are bounded separately).
MAX_JSON_BODY = 64 * 1024 * 1024
HEALTHZ_PATH = "/apis/v1beta1/healthz"
#: Cached GET answers kept at most (the cache is emptied when full).
GET_CACHE_SIZE = 512


class Response:
    """A non-JSON (or pre-encoded) response."""

    def __init__(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.status = status
        self.body = body
        self.content_type = content_type


class Request:
    """What a handler sees of one WSGI request.

    ``params`` are the decoded path parameters of the matched route.
    """

    def __init__(self, environ: Dict[str, Any], params: Dict[str, str], caller: Caller) -> None:
        self.environ = environ
        self.params = params
        self.caller = caller
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        # The gateway URL-decodes the query once; "a.b" keys are kept as they are.
        qs = environ.get("QUERY_STRING", "")
        self.query: Dict[str, str] = {}
        if not qs:
            return
        try:
            for key, value in parse_qsl(qs, keep_blank_values=True, errors="strict"):
                self.query.setdefault(key, value)
        except (UnicodeDecodeError, ValueError):
            raise jsonpb.bad_request("invalid query string: not valid UTF-8 percent-encoding") from None

    def content_length(self) -> Optional[int]:
        """Declared body length, or None."""
        raw = self.environ.get("CONTENT_LENGTH") or ""
        if not raw.strip():
            return None
        try:
            value = int(raw)
        except ValueError:
            raise jsonpb.bad_request(f"invalid Content-Length {raw!r}") from None
        if value < 0:
            raise jsonpb.bad_request(f"invalid Content-Length {raw!r}")
        return value

    def body(self, limit: int = MAX_JSON_BODY) -> bytes:
        """The whole request body (at most ``limit`` bytes, else 400)."""
        length = self.content_length()
        stream = self.environ["wsgi.input"]
        if length is None:
            data = stream.read(limit + 1) if self.environ.get("wsgi.input_terminated") else b""
        else:
            if length > limit:
                raise jsonpb.bad_request(f"request body too large: {length} bytes (limit {limit})")
            data = stream.read(length)
        if len(data) > limit:
            raise jsonpb.bad_request(f"request body too large (limit {limit} bytes)")
        return data

    def json(self) -> Dict[str, Any]:
        """The body decoded as a JSON message (empty body = empty message)."""
        return jsonpb.decode_body(self.body())

    def upload_stream(self) -> Tuple[Any, str, Optional[int]]:
        """(stream, content type, content length) of a multipart upload."""
        try:
            length = self.content_length()
        except StubError as exc:
            exc.style = "upload"
            raise
        return self.environ["wsgi.input"], self.environ.get("CONTENT_TYPE", ""), length

    @staticmethod
    def raw_response(status: int, body: bytes, content_type: str) -> Response:
        """Build a pre-encoded response."""
        return Response(status, body, content_type)


def error_body(exc: StubError) -> Tuple[int, bytes, str]:
    """(HTTP status, body, content type) of a StubError, gateway- or upload-shaped."""
    if exc.style == "upload":
        body = json.dumps({"error_message": exc.message, "error_details": exc.message}, separators=(",", ":"))
        return exc.http_status, body.encode("utf-8"), "text/plain; charset=utf-8"
    out: Dict[str, Any] = {"error": exc.message, "code": exc.code, "message": exc.message}
    if exc.external is not None:
        out["details"] = [
            {"@type": "type.googleapis.com/google.rpc.Status", "code": exc.code, "message": exc.external}
        ]
    return exc.http_status, jsonpb.encode(out), "application/json"


_REASONS = {
    200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large",
    414: "URI Too Long", 431: "Request Header Fields Too Large",
    500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable", 504: "Gateway Timeout",
}


def status_line(code: int) -> str:
    """``"404 Not Found"``."""
    return f"{code} {_REASONS.get(code, 'Unknown')}"


class StubApp:
    """The WSGI callable (see :func:`create_app`)."""

    def __init__(self, backend: Backend, token: Optional[str] = None) -> None:
        self.backend = backend
        self.token = token
        self._cache: Dict[Tuple[str, bool, str, Optional[str]], Tuple[Tuple[int, int], Tuple[int, bytes, str]]] = {}
        # The routes of each method as one regex, for the API routes and the control routes: a
        # request costs one match instead of a regex per route (the full table still decides
        # between 404 and 405).
        self._api_matchers: Dict[str, RouteMatcher] = {}
        self._other_matchers: Dict[str, RouteMatcher] = {}

    def __call__(self, environ: Dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        status, body, ctype = self.handle(environ)
        start_response(status_line(status), [("Content-Type", ctype), ("Content-Length", str(len(body)))])
        return [body]

    def handle(self, environ: Dict[str, Any]) -> Tuple[int, bytes, str]:
        """Serve one request: (status, body, content type)."""
        path, encoded = route_path(environ)
        if encoded and "%" not in path and path.isascii():
            encoded = False  # nothing to decode: the parameters are the raw segments
        return self._serve(environ.get("REQUEST_METHOD", "GET").upper(), path, encoded,
                           environ.get("QUERY_STRING", ""), environ.get("HTTP_AUTHORIZATION", ""),
                           environ.get("HTTP_KUBEFLOW_USERID", ""), environ, "")

    def handle_target(self, method: str, target: str, headers: Dict[str, str]) -> Tuple[int, bytes, str]:
        """Serve one body-less request straight from its head: what the bundled server's loop calls.

        ``target`` is the raw request target, ``headers`` the lower-cased header fields. The
        same answer :meth:`handle` gives for the environ the server would build, without
        building it: handlers see a small environ with the method, query and an empty body.
        """
        if target[:1] == "/":  # origin form, as nearly every client sends it (target_path otherwise)
            path, _, query = target.partition("?")
            if "#" in path:
                path = path.partition("#")[0]
            encoded = "%" in path or not path.isascii()
        else:
            path, encoded = target_path(target)
            query = target.partition("?")[2]
        # The environ of a body-less request is built only for a handler that needs one (see _dispatch).
        return self._serve(method, path, encoded, query, headers.get("authorization", ""),
                           headers.get("kubeflow-userid", ""), None, headers.get("content-type", ""))

    def _serve(self, method: str, path: str, encoded: bool, query: str, authorization: str, userid: str,
               environ: Optional[Dict[str, Any]], content_type: str) -> Tuple[int, bytes, str]:
        """Serve one request. ``environ`` None: a body-less request (``content_type`` its header)."""
        try:
            if path.startswith("/apis/"):
                if path == HEALTHZ_PATH:
                    return self._dispatch(ROUTES, environ, path, encoded, method, self._caller(userid), query, content_type)
                if self.token:
                    self._check_token(authorization)
                caller = self._caller(userid)
                if method != "GET":
                    return self._dispatch(ROUTES, environ, path, encoded, method, caller, query, content_type)
                # Polling clients repeat the same reads; an answer stays valid while the backend
                # version (stub second, write counter) is unchanged: served again without the database.
                key = (path, encoded, query, caller.user)
                hit = self._cache.get(key)
                backend = self.backend
                if hit is not None and hit[0] == backend.version():
                    return hit[1]
                # The version the answer reflects, as the read recorded it (None: not a pure read).
                local = backend.versions
                local.version = None
                result = self._dispatch(ROUTES, environ, path, encoded, "GET", caller, query, content_type)
                version = local.version
                if result[0] == 200 and version is not None:
                    if len(self._cache) >= GET_CACHE_SIZE:
                        self._cache.clear()
                    self._cache[key] = (version, result)
                return result
            if path.startswith("/_stub/"):
                return self._dispatch(CONTROL_ROUTES, environ, path, encoded, method, ANONYMOUS, query, content_type)
            return 404, b"404 page not found\n", "text/plain; charset=utf-8"
        except StubError as exc:
            return error_body(exc)
        except RecursionError:
            # Only hostile nesting gets this deep; decoders bound it, this is the safety net.
            log.warning("stub: RecursionError on %s %s\n%s", method, path, traceback.format_exc())
            return error_body(jsonpb.bad_request("request rejected: input nested too deeply"))
        except ImportError as exc:  # a stub module written in parallel has not landed yet
            return error_body(StubError.unimplemented(f"Not implemented in this stub build: {exc}"))
        except Exception as exc:  # last resort: never drop the connection, never crash the server
            log.error("stub: unexpected error on %s %s\n%s", method, path, traceback.format_exc())
            return error_body(StubError(INTERNAL, f"Internal error: {type(exc).__name__}: {exc}", "Internal error"))

    def _dispatch(self, routes: List[Route], environ: Optional[Dict[str, Any]], path: str, encoded: bool,
                  method: str, caller: Caller, query: str, content_type: str) -> Tuple[int, bytes, str]:
        """Call the handler of the route matching (method, path); a 404/405 text answer when none does.

        A route's ``reader`` serves a request without a query string directly (no environ, no
        :class:`Request`); every other request goes to the route's handler.
        """
        matchers = self._api_matchers if routes is ROUTES else self._other_matchers
        matcher = matchers.get(method)
        if matcher is None:
            matcher = matchers[method] = RouteMatcher(routes, method)
        found = matcher.match(path)
        if found is not None:
            rt, params = found
            if encoded and params:
                params = {name: _decode_segment(value, name) for name, value in params.items()}
            if rt.reader is not None and not query:
                read, name = rt.reader
                return 200, read(self.backend, params[name], caller), "application/json"
            if environ is None:  # a body-less request (handle_target): the environ its handler reads
                environ = {"REQUEST_METHOD": method, "QUERY_STRING": query, "CONTENT_LENGTH": "0",
                           "wsgi.input": _NO_BODY, "CONTENT_TYPE": content_type}
            result = rt.handler(self.backend, Request(environ, params, caller))
            if isinstance(result, Response):
                return result.status, result.body, result.content_type
            return 200, jsonpb.encode(result), "application/json"
        # No route of this method: 405 when a route of another method has this path, else 404.
        for rt in routes:
            if rt.method is not None and rt.method != method and path.startswith(rt.prefix) and rt.regex.match(path):
                return 405, b"Method Not Allowed\n", "text/plain; charset=utf-8"
        return 404, b"Not Found\n", "text/plain; charset=utf-8"

    def _check_token(self, header: str) -> None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or value.strip() != self.token:
            raise StubError.unauthenticated(
                "Failed to authenticate the request: expected header 'authorization: Bearer <token>'",
                "Request header error: missing or invalid bearer token",
            )

    def _caller(self, userid: str) -> Caller:
        if not self.backend.multi_user:
            return ANONYMOUS  # frozen: one instance serves every single-user request
        user = userid.strip()
        return Caller(user) if user else ANONYMOUS


def origin_path(target: str) -> str:
    """The path of a request target: query and fragment dropped, absolute form reduced to its path."""
    path = target.partition("?")[0]
    if "#" in path:
        path = path.partition("#")[0]
    if path[:1] != "/" and path.startswith(("http://", "https://")):
        path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
    return path


def route_path(environ: Dict[str, Any]) -> Tuple[str, bool]:
    """(path to route on, whether its segments are still percent-encoded).

    PATH_INFO is already percent-decoded, so ``a%2Fb`` in it is indistinguishable from two
    segments. The bundled server and the in-process transport also put the raw request target
    in ``RAW_URI``/``REQUEST_URI`` (as gunicorn and uWSGI do): routes then match the raw path and
    each parameter is decoded on its own. Any doubt about the raw value (a mounted app with a
    SCRIPT_NAME, a raw path that does not decode to PATH_INFO) falls back to PATH_INFO.
    """
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw and not environ.get("SCRIPT_NAME"):
        path = origin_path(str(raw))
        path_info = str(environ.get("PATH_INFO", ""))
        if "%" not in path:  # the common case: nothing was decoded
            consistent = path == path_info
        else:
            try:
                consistent = urllib.parse.unquote_to_bytes(path.encode("latin-1")) == path_info.encode("latin-1")
            except UnicodeEncodeError:
                consistent = False
        if consistent and path.startswith("/"):
            return path, True
    return _path(environ), False


def _decode_segment(value: str, name: str) -> str:
    # Like PATH_INFO, the raw target is the request's bytes as latin-1 text (PEP 3333); raw
    # non-ASCII bytes and %XX escapes both stand for UTF-8.
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:  # a server that already decoded the target as text
        raw = value.encode("utf-8")
    try:
        return urllib.parse.unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise jsonpb.bad_request(f"invalid path parameter {name}: its percent-encoding is not UTF-8") from None


def _path(environ: Dict[str, Any]) -> str:
    return _utf8_path(environ.get("PATH_INFO", "") or "/")


def _utf8_path(raw: str) -> str:
    if raw.isascii():
        return raw
    try:
        # PEP 3333: PATH_INFO is latin-1 decoded bytes; paths carry UTF-8.
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def target_path(target: str) -> Tuple[str, bool]:
    """:func:`route_path` of the environ a server builds from the raw request ``target``.

    (path, whether its segments are still percent-encoded): the raw path when it is absolute
    (encoded only if it holds ``%`` or non-ASCII text), else the decoded path as PATH_INFO.
    """
    path = origin_path(target)
    if path.startswith("/"):
        return path, "%" in path or not path.isascii()
    return _utf8_path((urllib.parse.unquote(path, encoding="latin-1") if "%" in path else path) or "/"), False


#: The ``wsgi.input`` of body-less requests served by :meth:`StubApp.handle_target`: reads give b"".
_NO_BODY = io.BytesIO(b"")


def create_app(backend: Optional[Backend] = None, *, token: Optional[str] = None) -> StubApp:
    """The WSGI application of ``backend`` (a fresh in-memory backend if None).

    ``token``: when set, every ``/apis/`` route except healthz needs ``authorization: Bearer <token>``.
    """
    return StubApp(backend or Backend(), token=token)


__all__ = ["create_app", "StubApp", "Request", "Response", "error_body"]
