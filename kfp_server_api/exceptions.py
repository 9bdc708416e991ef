"""The exception tree of the SDK.

Three families, all below :class:`OpenApiException`:

* bad arguments, raised before anything is sent: :class:`ApiTypeError`, :class:`ApiValueError`,
  :class:`ApiKeyError`, :class:`ApiAttributeError` (they are also the matching builtin errors);
* an HTTP answer that is not a success, or a success whose body cannot be read:
  :class:`ApiException` and its per-status subclasses, and :class:`ApiDecodeError`;
* no HTTP answer at all (refused connection, timeout, TLS failure): :class:`ApiConnectionError`
  and :class:`ApiTimeoutError`. The object raised is *also* an instance of the urllib3
  exception that urllib3 raised (usually :class:`urllib3.exceptions.MaxRetryError`), so code
  written against the older client that catches urllib3 exceptions keeps working.

Credentials never appear in messages or reprs: a message names the operation by method, path
and Python name, never by headers.
"""
from __future__ import annotations  # annotations stay strings: a cheaper import

import json
import re
from typing import Any, Dict, List, Mapping, Optional, Tuple, Type

import urllib3

__all__ = [
    "OpenApiException",
    "ApiTypeError",
    "ApiValueError",
    "ApiKeyError",
    "ApiAttributeError",
    "ApiException",
    "BadRequestException",
    "UnauthorizedException",
    "ForbiddenException",
    "NotFoundException",
    "ConflictException",
    "ServiceException",
    "ApiDecodeError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "exception_for_status",
    "render_path",
    "wrap_transport_error",
    "redact_headers",
    "response_headers",
    "SECRET_HEADERS",
]

#: Longest KFP message quoted in ``str(exception)``; the full text stays in ``.body``.
_MAX_MESSAGE = 300


def render_path(path_to_item: Optional[List[Any]]) -> str:
    """Render ``['body', 'runs', 0]`` as ``['body']['runs'][0]`` for error messages."""
    out = ""
    for item in path_to_item or ():
        out += f"[{item}]" if isinstance(item, int) else f"['{item}']"
    return out


def _with_path(msg: str, path_to_item: Optional[List[Any]]) -> str:
    return f"{msg} at {render_path(path_to_item)}" if path_to_item else msg


class OpenApiException(Exception):
    """Base class of every exception raised by this SDK."""


class _ArgumentError(OpenApiException):
    """Base of the argument errors: ``message`` and ``path_to_item``."""

    def __init__(self, msg: str, path_to_item: Optional[List[Any]] = None) -> None:
        self.path_to_item = path_to_item
        #: The full message, as ``str(e)`` (kfp 1.8 reads ``e.message``).
        self.message = _with_path(msg, path_to_item)
        super().__init__(self.message)

    def __str__(self) -> str:
        # KeyError.__str__ would quote the message like a key.
        return self.message


class ApiTypeError(_ArgumentError, TypeError):
    """An argument has the wrong type (raised before any request is sent).

    ``path_to_item`` locates the bad value inside the argument, ``valid_classes`` lists the
    accepted types and ``key_type`` tells whether the bad item was a dict key.
    """

    def __init__(
        self,
        msg: str,
        path_to_item: Optional[List[Any]] = None,
        valid_classes: Optional[Tuple[type, ...]] = None,
        key_type: Optional[bool] = None,
    ) -> None:
        self.valid_classes = valid_classes
        self.key_type = key_type
        super().__init__(msg, path_to_item)


class ApiValueError(_ArgumentError, ValueError):
    """An argument has a bad value, e.g. a required parameter is missing or empty."""


class ApiKeyError(_ArgumentError, KeyError):
    """A required key is missing."""


class ApiAttributeError(_ArgumentError, AttributeError):
    """An attribute that the model does not have was read or written."""


def _one_line(text: str, limit: int = _MAX_MESSAGE) -> str:
    # Internal-error messages of the server carry Go stack traces over many lines.
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."


def response_headers(http_resp: Any) -> Any:
    """The headers of a response object (``.headers``, or ``.getheaders()`` of older ones)."""
    headers = getattr(http_resp, "headers", None)
    if headers is None and hasattr(http_resp, "getheaders"):
        headers = http_resp.getheaders()
    return headers


def _response_text(http_resp: Any) -> Optional[str]:
    data = getattr(http_resp, "data", None)
    if data is None:
        return None
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return str(data)


class ApiException(OpenApiException):
    """The server answered with an error status (or an unreadable success, see subclasses).

    Attributes: ``status`` (HTTP status), ``reason`` (HTTP reason phrase), ``body`` (the raw
    response text), ``headers`` (response headers), and, parsed from KFP's error body when
    present (``None`` otherwise): ``error`` (full error chain), ``code`` (the gRPC code),
    ``message`` (same as ``error`` for gateway errors) and ``details`` (the ``details`` list
    of ``google.rpc.Status`` dicts, or the ``error_details`` text of the upload routes).
    ``method``, ``path`` and ``operation`` name the request when known.

    ``str(e)`` is one line: ``GET /apis/v1beta1/runs/x (get_run): (404) Not Found: <message>``.
    """

    def __init__(
        self,
        status: Optional[int] = None,
        reason: Optional[str] = None,
        http_resp: Any = None,
        *,
        method: Optional[str] = None,
        path: Optional[str] = None,
        operation: Optional[str] = None,
        body: Optional[str] = None,
        headers: Any = None,
    ) -> None:
        if http_resp is not None:
            status = http_resp.status if status is None else status
            reason = http_resp.reason if reason is None else reason
            body = _response_text(http_resp) if body is None else body
            headers = response_headers(http_resp) if headers is None else headers
        self.status = status
        self.reason = reason
        self.body = body
        self.headers = headers
        self.method = method
        self.path = path
        self.operation = operation
        self.error: Optional[str] = None
        self.code: Optional[int] = None
        self.message: Optional[str] = None
        self.details: Any = None
        self._parse_body()
        super().__init__(status, reason)

    def _parse_body(self) -> None:
        if not self.body:
            return
        try:
            parsed = json.loads(self.body)
        except (ValueError, RecursionError):  # not JSON, or nested too deeply: keep the text
            return
        if not isinstance(parsed, dict):
            return
        if "error_message" in parsed or "error_details" in parsed:
            # The upload routes are plain HTTP handlers with their own error body.
            self.error = _str_or_none(parsed.get("error_message"))
            self.message = self.error
            self.details = parsed.get("error_details")
            return
        self.error = _str_or_none(parsed.get("error"))
        self.message = _str_or_none(parsed.get("message")) or self.error
        code = parsed.get("code")
        self.code = code if isinstance(code, int) and not isinstance(code, bool) else None
        self.details = parsed.get("details")

    @property
    def request_line(self) -> str:
        """``GET /apis/v1beta1/runs/x (get_run)``, or what is known of it."""
        parts = [p for p in (self.method, self.path) if p]
        if self.operation:
            parts.append(f"({self.operation})")
        return " ".join(parts)

    def _summary(self) -> str:
        """The part of the message after the status: KFP's message or the start of the body."""
        if self.message:
            return _one_line(self.message)
        if self.body:
            return _one_line(self.body)
        return ""

    def __str__(self) -> str:
        head = self.request_line
        # "(404)" as in the older client's messages, which people search logs for.
        status = " ".join(p for p in (f"({self.status})" if self.status is not None else "",
                                      self.reason or "") if p)
        text = ": ".join(p for p in (head, status, self._summary()) if p)
        return text or type(self).__name__

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, reason={self.reason!r}, "
            f"request={self.request_line!r})"
        )

    def __reduce__(self) -> Any:
        # Keyword-only arguments are not restored by the default exception pickling.
        return (_rebuild_exception, (type(self), dict(self.__dict__)))


def _rebuild_exception(cls: Type["ApiException"], state: Dict[str, Any]) -> "ApiException":
    exc = cls.__new__(cls)
    exc.__dict__.update(state)
    exc.args = (state.get("status"), state.get("reason"))
    return exc


def _str_or_none(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


class BadRequestException(ApiException):
    """HTTP 400: invalid argument, failed precondition, out of range."""


class UnauthorizedException(ApiException):
    """HTTP 401: no or invalid credentials."""


class ForbiddenException(ApiException):
    """HTTP 403: the identity may not do this."""


class NotFoundException(ApiException):
    """HTTP 404: the resource (or route) does not exist."""


class ConflictException(ApiException):
    """HTTP 409: already exists, or aborted (e.g. deleting the Default experiment)."""


class ServiceException(ApiException):
    """HTTP 5xx: the server failed."""


class ApiDecodeError(ApiException):
    """A success response whose body could not be read as the declared type.

    Raised for an empty body where a model was expected, a body that is not UTF-8 or not
    JSON, and JSON that does not fit the model. ``status``, ``reason``, ``headers`` and the
    raw ``body`` are kept; ``raw_body`` holds the undecoded bytes.
    """

    def __init__(self, problem: str, http_resp: Any = None, *, raw_body: Optional[bytes] = None,
                 **kwargs: Any) -> None:
        super().__init__(http_resp=http_resp, **kwargs)
        self.problem = problem
        self.raw_body = raw_body

    def _summary(self) -> str:
        snippet = _one_line(self.body or "", 80)
        return f"{self.problem}" + (f" (body starts: {snippet!r})" if snippet else "")


_STATUS_CLASSES: Dict[int, Type[ApiException]] = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
}


def exception_for_status(status: Optional[int]) -> Type[ApiException]:
    """The :class:`ApiException` subclass for an HTTP status (``ApiException`` if none fits)."""
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    if status is not None and 500 <= status <= 599:
        return ServiceException
    return ApiException


class ApiConnectionError(OpenApiException):
    """No HTTP answer: the connection was refused or reset, TLS failed, or retries ran out.

    Instances are created by :func:`wrap_transport_error` and are *also* instances of the
    urllib3 exception that caused them (usually :class:`urllib3.exceptions.MaxRetryError`),
    so ``except urllib3.exceptions.MaxRetryError`` keeps working. ``reason`` is urllib3's
    underlying error, ``request_line`` names the request.
    """

    request_line: str = ""
    cause_text: str = ""

    def __str__(self) -> str:
        return f"{self.request_line}: {self.cause_text}" if self.request_line else self.cause_text


class ApiTimeoutError(ApiConnectionError):
    """The server did not answer in time (connect or read timeout)."""


_WRAPPED: Dict[Tuple[type, type], Any] = {}


def _is_timeout(error: BaseException) -> bool:
    reason = getattr(error, "reason", None) or error
    # urllib3 makes "connection refused" (NewConnectionError) a ConnectTimeoutError.
    return isinstance(reason, urllib3.exceptions.TimeoutError) and not isinstance(
        reason, urllib3.exceptions.NewConnectionError
    )


#: How each urllib3 cause is described, most specific first.
_CAUSES: Tuple[Tuple[type, str], ...] = (
    (urllib3.exceptions.NewConnectionError, "cannot connect (connection refused or host unreachable)"),
    (urllib3.exceptions.ConnectTimeoutError, "timed out while connecting"),
    (urllib3.exceptions.ReadTimeoutError, "timed out waiting for the response"),
    (urllib3.exceptions.SSLError, "TLS error"),
    (urllib3.exceptions.ProxyError, "proxy error"),
    (urllib3.exceptions.ProtocolError, "connection broken"),
)


def _describe(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or error
    text = next((t for cls, t in _CAUSES if isinstance(reason, cls)), "transport error")
    if isinstance(error, urllib3.exceptions.MaxRetryError):
        text += " (no more retries)"
    return f"{text}: {reason}"


def _reduce_wrapped(self: Any) -> Any:
    # The combined classes are made at run time and cannot be found by name when
    # unpickling: pickle as the plain urllib3 error (which knows how to drop its pool).
    reduced = self._urllib3_class.__reduce__(self)
    return (self._urllib3_class, *reduced[1:])


def wrap_transport_error(error: BaseException, request_line: str = "") -> BaseException:
    """Re-type a urllib3 error as :class:`ApiConnectionError`/:class:`ApiTimeoutError`.

    The result is an instance of both the SDK class and ``type(error)`` with the same
    attributes (``reason``, ``url``, ``pool``...), so both kinds of ``except`` clause match.
    Errors that are not urllib3 errors are returned unchanged.
    """
    if not isinstance(error, urllib3.exceptions.HTTPError) or isinstance(error, ApiConnectionError):
        return error
    base = ApiTimeoutError if _is_timeout(error) else ApiConnectionError
    key = (base, type(error))
    cls: Any = _WRAPPED.get(key)
    if cls is None:
        cls = type(f"{base.__name__}[{type(error).__name__}]", (base, type(error)), {
            "__module__": __name__,
            "_urllib3_class": type(error),
            "__reduce__": _reduce_wrapped,
        })
        _WRAPPED[key] = cls
    wrapped: Any = cls.__new__(cls)
    wrapped.__dict__.update(error.__dict__)
    wrapped.args = error.args
    wrapped.request_line = request_line
    wrapped.cause_text = _describe(error)
    return wrapped


#: Lower-case names of headers whose values are credentials.
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key"})


def redact_headers(headers: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """A copy of ``headers`` with credential values replaced by ``'<redacted>'``."""
    return {k: ("<redacted>" if k.lower() in SECRET_HEADERS else v) for k, v in (headers or {}).items()}
