"""ApiClient: the one request path of the SDK.

Every generated API method calls :meth:`ApiClient.call_operation` with an
:class:`~kfp_server_api.operation.Operation` and its arguments; the older generic
:meth:`ApiClient.call_api` builds the same request description. Both then go through
``_execute``, which adds credentials, sends through :attr:`ApiClient.rest_client`, maps error
statuses to exceptions and decodes the body. Nothing else in the SDK touches the network.
"""
from __future__ import annotations  # annotations stay strings: a cheaper import

import enum
import json
import logging
import os
import re
import urllib.parse
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import urllib3

from kfp_server_api import rest
from kfp_server_api._version import __version__
from kfp_server_api.configuration import Configuration, hide_userinfo as _hide_userinfo
from kfp_server_api.exceptions import (
    SECRET_HEADERS,
    ApiDecodeError,
    ApiTypeError,
    ApiValueError,
    exception_for_status,
    redact_headers,
    response_headers,
)
from kfp_server_api.operation import REQUIRED, Operation, Param

if TYPE_CHECKING:
    from kfp_server_api._async import LazyThreadPool

__all__ = ["ApiClient"]

_KNOWN_OPTIONS = frozenset(
    {"async_req", "_return_http_data_only", "_preload_content", "_request_timeout", "_headers"}
)
#: How much of a body a debug log line shows.
_LOG_BODY_LIMIT = 2000


def _model_base() -> Any:
    # Imported late: the generated package imports this module, and the models are only
    # needed once there is something to (de)serialize.
    from kfp_server_api import model_base

    return model_base


class _Request:
    """Everything needed to send one request, independent of credentials.

    A plain slotted class (not a dataclass: :mod:`dataclasses` imports :mod:`inspect`, a cost
    every ``import`` of the client would pay).
    """

    __slots__ = ("method", "url", "path", "operation", "headers", "body", "auth")

    def __init__(
        self,
        method: str,
        url: str,
        path: str,
        operation: str,
        headers: Dict[str, str],
        body: Optional[bytes] = None,
        auth: Sequence[str] = (),
    ) -> None:
        self.method = method
        self.url = url
        self.path = path
        self.operation = operation
        self.headers = headers
        self.body = body
        self.auth = auth

    def __repr__(self) -> str:  # no headers: they may carry credentials
        return f"_Request({self.method} {self.path} ({self.operation}))"


class ApiClient:
    """Sends API requests for one :class:`Configuration`.

    :param configuration: settings; a copy of ``Configuration.get_default_copy()`` if omitted.
    :param header_name: name of one extra header sent with every request.
    :param header_value: its value.
    :param cookie: ``Cookie`` header sent with every request.
    :param pool_threads: workers of the thread pool used by ``async_req=True`` calls (the
        pool is created on first use).

    Use it as a context manager, or call :meth:`close`, to release connections and threads.
    The client keeps a reference to ``configuration`` and reads credentials from it for every
    request; TLS, proxy, pool and retry settings are read once, when the client is created.
    """

    def __init__(
        self,
        configuration: Optional[Configuration] = None,
        header_name: Optional[str] = None,
        header_value: Optional[str] = None,
        cookie: Optional[str] = None,
        pool_threads: int = 1,
    ) -> None:
        if configuration is None:
            configuration = Configuration.get_default_copy()
        self.configuration = configuration
        if not isinstance(pool_threads, int) or isinstance(pool_threads, bool) or pool_threads < 1:
            raise ValueError(f"pool_threads must be a positive int, got {pool_threads!r}")
        self.pool_threads = pool_threads
        # Created on the first async_req=True call: importing the pool machinery
        # (multiprocessing, concurrent.futures) is a cost only async users should pay.
        self._pool: Optional["LazyThreadPool"] = None
        #: The transport (a seam: tests and the stub may replace it).
        self.rest_client: Any = rest.RESTClientObject(configuration)
        self.default_headers: Dict[str, str] = {}
        if header_name is not None and header_value is not None:
            self.default_headers[header_name] = header_value
        self.cookie = cookie
        self.user_agent = f"kfp-server-api/{__version__}/python"
        self._checked_host: Optional[str] = None

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        """Shut down the async thread pool (if any) and close pooled connections."""
        if self._pool is not None:
            self._pool.close()
        close = getattr(self.rest_client, "close", None)
        if close is not None:
            close()

    @property
    def pool(self) -> "LazyThreadPool":
        """The lazily created thread pool of ``async_req=True`` calls."""
        if self._pool is None:
            from kfp_server_api._async import LazyThreadPool

            self._pool = LazyThreadPool(self, self.pool_threads)
        return self._pool

    def __repr__(self) -> str:
        return f"ApiClient(host={_hide_userinfo(self.configuration.host)!r})"

    # -- headers ---------------------------------------------------------------------------

    @property
    def user_agent(self) -> str:
        """The ``User-Agent`` header (default ``kfp-server-api/<version>/python``)."""
        return self.default_headers["User-Agent"]

    @user_agent.setter
    def user_agent(self, value: str) -> None:
        self.default_headers["User-Agent"] = value

    def set_default_header(self, header_name: str, header_value: str) -> None:
        """Send ``header_name: header_value`` with every request of this client."""
        self.default_headers[header_name] = header_value

    @staticmethod
    def select_header_accept(accepts: Optional[Sequence[str]]) -> Optional[str]:
        """The ``Accept`` value for the response types of an operation (JSON preferred)."""
        if not accepts:
            return None
        lowered = [a.lower() for a in accepts]
        if "application/json" in lowered:
            return "application/json"
        return ", ".join(accepts)

    @staticmethod
    def select_header_content_type(content_types: Optional[Sequence[str]]) -> str:
        """The ``Content-Type`` for the request types of an operation (JSON preferred)."""
        if not content_types:
            return "application/json"
        lowered = [c.lower() for c in content_types]
        if "application/json" in lowered or "*/*" in lowered:
            return "application/json"
        return content_types[0]

    # -- (de)serialization -----------------------------------------------------------------

    def sanitize_for_serialization(self, obj: Any) -> Any:
        """``obj`` (models, dicts, lists, datetimes...) as plain JSON-compatible values."""
        return _model_base().to_jsonable(obj)

    def deserialize(self, response: Any, response_type: Optional[str]) -> Any:
        """Decode ``response.data`` (bytes or str) as ``response_type``: a model class name,
        ``"object"`` (the JSON value as is), or any type name ``model_base.decode`` knows
        (``"list[ApiRun]"``, ``"str"``, ``"int"``...).

        Raises :class:`~kfp_server_api.exceptions.ApiDecodeError` when the body cannot be read.
        """
        return _decode_body(response, response_type, {})

    # -- the generated methods' entry point ------------------------------------------------

    def call_operation(
        self,
        op: Operation,
        params: Dict[str, Any],
        options: Dict[str, Any],
        http_info: bool = False,
    ) -> Any:
        """Validate the arguments of ``op``, send it, and return the decoded response.

        ``params`` maps every parameter name of ``op`` to its value (``None`` when not given,
        :data:`~kfp_server_api.operation.REQUIRED` when a required one was omitted);
        ``options`` holds the extra keyword arguments (``async_req``,
        ``_return_http_data_only``, ``_preload_content``, ``_request_timeout``, ``_headers``).
        Returns the model, or ``(data, status, headers)`` when ``http_info`` is true, or an
        :class:`~kfp_server_api._async.AsyncResult` with ``async_req=True``.
        """
        for key in options:
            if key not in _KNOWN_OPTIONS:
                raise ApiTypeError(f"Got an unexpected keyword argument '{key}' to method {op.name}")
        for key in params:
            if not any(p.name == key for p in op.params):
                raise ApiTypeError(f"Got an unexpected keyword argument '{key}' to method {op.name}")
        request = self._operation_request(op, params, options.get("_headers"))
        return self._dispatch(
            request,
            op.response_type,
            async_req=bool(options.get("async_req")),
            data_only=options.get("_return_http_data_only"),
            http_info=http_info,
            preload=options.get("_preload_content", True),
            timeout=options.get("_request_timeout"),
        )

    def _operation_request(self, op: Operation, params: Dict[str, Any],
                           extra_headers: Optional[Mapping[str, str]]) -> _Request:
        validate = self.configuration.client_side_validation
        path = op.path
        query: List[Tuple[str, str]] = []
        body: Optional[bytes] = None
        content_type: Optional[str] = None
        form: List[Tuple[str, Any]] = []
        for param in op.params:
            value = params.get(param.name)
            if isinstance(value, enum.Enum):
                value = value.value
            if param.required and (value is REQUIRED or value is None or (isinstance(value, str) and not value)):
                raise ApiValueError(
                    f"Missing the required parameter `{param.name}` when calling `{op.name}`"
                )
            if value is None or value is REQUIRED:
                continue
            if param.location == "path":
                if validate:
                    _check_type(op, param, value)
                path = path.replace("{" + param.wire + "}", self._quote_path_value(value))
            elif param.location == "query":
                if param.wire == "filter" and not isinstance(value, str):
                    value = _json_text(value, op, param)
                elif validate:
                    _check_type(op, param, value)
                for item in value if isinstance(value, (list, tuple)) else [value]:
                    if isinstance(item, enum.Enum):
                        item = item.value
                    query.append((param.wire, _to_text(item)))
            elif param.location == "body":
                if validate:
                    _check_type(op, param, value)
                body = _json_text(value, op, param).encode("utf-8")
                content_type = self.select_header_content_type(op.consumes)
            elif param.location == "form":
                form.append((param.wire, _file_field(op, param, value) if param.type == "file"
                             else _to_text(value)))
            else:
                raise ApiValueError(f"Unsupported parameter location {param.location!r} in {op.name}")
        if form:
            body, content_type = urllib3.encode_multipart_formdata(form)
        headers: Dict[str, str] = {}
        accept = self.select_header_accept(op.produces)
        if accept:
            headers["Accept"] = accept
        if content_type:
            headers["Content-Type"] = content_type
        return self._request(op.method, path, query, headers, body, op.name, op.auth, extra_headers)

    def _base_url(self) -> str:
        """``configuration.host`` without a trailing slash, checked to be an http(s) URL."""
        host = self.configuration.host
        if host != self._checked_host:
            try:
                parts = urllib.parse.urlsplit(host) if isinstance(host, str) else None
                ok = parts is not None and parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
            except ValueError:  # e.g. an unclosed IPv6 bracket
                ok = False
            if not ok:
                raise ApiValueError(
                    f"Configuration.host must be an http:// or https:// URL such as "
                    f"'http://localhost:8888', got {_hide_userinfo(host)!r}"
                )
            self._checked_host = host
        return host.rstrip("/")

    def _quote_path_value(self, value: Any) -> str:
        """Percent-encode one path parameter (``safe_chars_for_path_param`` stay as they are)."""
        if value.__class__ is str and value not in (".", "..") and _UNRESERVED.fullmatch(value):
            return value  # ids are UUIDs: nothing quote() would change (its always-safe characters)
        quoted = urllib.parse.quote(_to_text(value), safe=self.configuration.safe_chars_for_path_param)
        # "." and ".." segments would be resolved away by URL normalization (urllib3 does),
        # sending e.g. delete_run("..") to another resource: encode their dots.
        return "/".join(seg.replace(".", "%2E") if seg in (".", "..") else seg
                        for seg in quoted.split("/"))

    def _request(self, method: str, path: str, query: Sequence[Tuple[str, str]],
                 headers: Dict[str, str], body: Optional[bytes], operation: str,
                 auth: Sequence[str], extra_headers: Optional[Mapping[str, str]]) -> _Request:
        url = self._base_url() + path
        if query:
            url += "?" + urllib.parse.urlencode(list(query), quote_via=urllib.parse.quote)
        all_headers = dict(self.default_headers)
        if self.cookie:
            all_headers["Cookie"] = self.cookie
        all_headers.update(headers)
        if extra_headers:
            if not isinstance(extra_headers, Mapping):
                raise ApiTypeError(f"_headers must be a dict of header names to values, "
                                   f"got {type(extra_headers).__name__}")
            all_headers.update({str(k): str(v) for k, v in extra_headers.items()})
        return _Request(method.upper(), url, path, operation, all_headers, body, tuple(auth))

    # -- the older generic entry point ------------------------------------------------------

    def call_api(
        self,
        resource_path: str,
        method: str,
        path_params: Optional[Mapping[str, Any]] = None,
        query_params: Optional[Any] = None,
        header_params: Optional[Mapping[str, str]] = None,
        body: Any = None,
        post_params: Optional[Sequence[Tuple[str, Any]]] = None,
        files: Optional[Mapping[str, Any]] = None,
        response_type: Optional[str] = None,
        auth_settings: Optional[Sequence[str]] = None,
        async_req: Optional[bool] = None,
        _return_http_data_only: Optional[bool] = None,
        collection_formats: Optional[Mapping[str, str]] = None,
        _preload_content: bool = True,
        _request_timeout: Any = None,
    ) -> Any:
        """Send a request described piece by piece (the pre-``Operation`` interface).

        Returns ``(data, status, headers)`` unless ``_return_http_data_only`` is true, or an
        :class:`~kfp_server_api._async.AsyncResult` with ``async_req=True``.
        """
        formats = dict(collection_formats or {})
        path = resource_path
        for name, value in (path_params or {}).items():
            text = _collection(value, formats.get(name, "csv"))
            path = path.replace("{" + name + "}", self._quote_path_value(text))
        query = _expand_pairs(query_params, formats)
        headers = {str(k): str(v) for k, v in (header_params or {}).items()}
        payload: Optional[bytes] = None
        fields: List[Tuple[str, Any]] = list(_expand_pairs(post_params, formats))
        for name, value in (files or {}).items():
            for item in value if isinstance(value, list) else [value]:
                if item is not None:
                    fields.append((name, _file_field(None, Param(name, name, "form", "file"), item)))
        if files or headers.get("Content-Type", "").startswith("multipart/"):
            payload, headers["Content-Type"] = urllib3.encode_multipart_formdata(fields)
        elif fields:
            payload = urllib.parse.urlencode(fields).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            payload = _json_text(body, None, Param("body", "body", "body", "object")).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        request = self._request(method, path, query, headers, payload,
                                f"{method.upper()} {resource_path}", auth_settings or (), None)
        return self._dispatch(request, response_type, async_req=bool(async_req),
                              data_only=bool(_return_http_data_only), http_info=True,
                              preload=_preload_content, timeout=_request_timeout)

    # -- sending ---------------------------------------------------------------------------

    def _dispatch(self, request: _Request, response_type: Optional[str], *, async_req: bool,
                  data_only: Optional[bool], http_info: bool, preload: Any, timeout: Any) -> Any:
        if timeout is not None:
            rest.make_timeout(timeout)  # a bad timeout is an argument error: raise it now
        if data_only is None:
            data_only = not http_info
        preload = True if preload is None else bool(preload)

        if async_req:
            return self.pool.submit(lambda: self._execute(request, response_type, bool(data_only), preload, timeout))
        return self._execute(request, response_type, bool(data_only), preload, timeout)

    def _auth_headers(self, names: Sequence[str]) -> Dict[str, str]:
        settings = self.configuration.auth_settings()
        headers: Dict[str, str] = {}
        # Basic credentials go first so that a scheme named by the operation wins.
        for name in ["BasicAuth", *names]:
            setting = settings.get(name)
            if setting and setting.get("in") == "header" and setting.get("value"):
                # Tokens read from files often end with a newline.
                headers[setting["key"]] = str(setting["value"]).strip()
        return headers

    def _send(self, request: _Request, preload: bool, timeout: Any) -> Any:
        headers = dict(request.headers)
        headers.update(self._auth_headers(request.auth))
        _check_headers(headers)
        log = self.configuration.logger if self.configuration.debug else None
        if log is not None:
            log.debug("request %s %s headers=%s body=%s", request.method, _hide_userinfo(request.url),
                      redact_headers(headers), _shorten(request.body))
        response = self.rest_client.request(
            request.method, request.url, headers=headers, body=request.body,
            _preload_content=preload, _request_timeout=timeout,
        )
        if log is not None:
            log.debug("response %s %s %s headers=%s body=%s", request.method, request.path,
                      response.status, redact_headers(response_headers(response)),
                      _shorten(response.data) if preload else "<not read>")
        return response

    def _execute(self, request: _Request, response_type: Optional[str], data_only: bool,
                 preload: bool, timeout: Any) -> Any:
        hook = self.configuration.refresh_api_key_hook
        if hook is not None:
            hook(self.configuration)
        response = self._send(request, preload, timeout)
        if response.status == 401 and hook is not None:
            # The token may have expired between the refresh and the request: refresh once more.
            _discard(response)
            hook(self.configuration)
            response = self._send(request, preload, timeout)
        info: Dict[str, Any] = {"method": request.method, "path": request.path, "operation": request.operation}
        if not 200 <= response.status <= 299:
            if not preload:
                response = rest.RESTResponse(response)
            raise exception_for_status(response.status)(http_resp=response, **info)
        if not preload:
            data = response
        else:
            data = _decode_body(response, response_type, info)
        if data_only:
            return data
        return data, response.status, response_headers(response)


# -- helpers -------------------------------------------------------------------------------


_BAD_HEADER_CHARS = frozenset("\r\n\0")
#: Characters ``urllib.parse.quote`` never encodes, whatever ``safe`` says (RFC 3986 unreserved).
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")


def _check_headers(headers: Mapping[str, Any]) -> None:
    """Refuse header values that http.client would reject with a message quoting the value
    (which may be a credential): line breaks, NUL, and characters outside latin-1."""
    for name, value in headers.items():
        if value.__class__ is str and _CHECKED_HEADERS.get(name) == value:
            continue  # the same value passed these checks on an earlier request
        text = str(value)
        problem = None
        if _BAD_HEADER_CHARS.intersection(text):
            problem = "contains a line break or NUL character"
        else:
            try:
                text.encode("latin-1")
            except UnicodeEncodeError:
                problem = "contains characters outside latin-1"
        if problem:
            raise ApiValueError(f"The value of header {name!r} {problem} (value not shown)")
        if value.__class__ is str and len(_CHECKED_HEADERS) < 64 and name.lower() not in SECRET_HEADERS:
            _CHECKED_HEADERS[name] = value  # never credentials: no copy of a secret outlives its client


#: The latest value of each header name that passed :func:`_check_headers` (clients send the
#: same User-Agent and Accept with every request; credential headers are checked every time).
_CHECKED_HEADERS: Dict[str, str] = {}


def _discard(response: Any) -> None:
    for name in ("drain_conn", "release_conn"):
        method = getattr(response, name, None)
        if method is not None:
            method()


def _shorten(data: Optional[Union[bytes, str]]) -> str:
    if data is None:
        return ""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)
    return text if len(text) <= _LOG_BODY_LIMIT else text[:_LOG_BODY_LIMIT] + f"...({len(text)} chars)"


def _decode_body(response: Any, response_type: Optional[str], info: Dict[str, Any]) -> Any:
    """The body of a success ``response`` as ``response_type`` (see ``ApiClient.deserialize``)."""
    if response_type is None:
        return None
    raw = getattr(response, "data", None)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    problem = getattr(response, "decode_problem", None)
    if problem:
        raise ApiDecodeError(f"response body unreadable: {problem}", response, raw_body=raw or b"", **info)
    if not raw or getattr(response, "status", None) == 204:
        if response_type == "object":
            return {}
        raise ApiDecodeError(f"empty response body, expected {response_type}", response,
                             raw_body=raw or b"", **info)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiDecodeError(f"response body is not UTF-8 ({error.reason} at byte {error.start})",
                             response, raw_body=raw, **info) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ApiDecodeError(f"response body is not JSON ({error})", response, raw_body=raw,
                             **info) from None
    except RecursionError:
        raise ApiDecodeError("response body is JSON nested too deeply to read", response,
                             raw_body=raw, **info) from None
    if response_type == "object":
        return data
    if data is None:
        raise ApiDecodeError(f"response body is JSON null, expected {response_type}", response,
                             raw_body=raw, **info)
    model_base = _model_base()
    try:
        return model_base.decode(response_type, data)
    except (model_base.DecodeError, ValueError, TypeError, KeyError, AttributeError,
            IndexError, RecursionError) as error:
        raise ApiDecodeError(f"response does not match {response_type}: {error}", response,
                             raw_body=raw, **info) from error


def _to_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


#: Accepted Python types of primitive parameters (bool is an int but never a valid one).
_PARAM_TYPES: Dict[str, Tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}


def _check_type(op: Operation, param: Param, value: Any) -> None:
    """Raise ApiTypeError/ApiValueError when ``value`` does not fit ``param``."""
    items = value if param.location == "query" and isinstance(value, (list, tuple)) else [value]
    for item in items:
        if isinstance(item, enum.Enum):
            item = item.value
        valid = _PARAM_TYPES.get(param.type)
        if valid is not None:
            ok = isinstance(item, valid) and (param.type == "bool" or not isinstance(item, bool))
            expected = param.type
        else:
            # A model parameter: an instance of the generated class, or a plain dict.
            ok = isinstance(item, dict) or any(c.__name__ == param.type for c in type(item).__mro__)
            expected = f"{param.type} or dict"
        if not ok:
            raise ApiTypeError(
                f"Invalid type for parameter `{param.name}` when calling `{op.name}`: "
                f"expected {expected}, got {type(item).__name__}",
                valid_classes=valid or (dict,),
            )
        if param.enum and item not in param.enum:
            raise ApiValueError(
                f"Invalid value for parameter `{param.name}` when calling `{op.name}`: "
                f"{item!r} is not one of {list(param.enum)}"
            )


def _json_text(value: Any, op: Optional[Operation], param: Param) -> str:
    where = f"parameter `{param.name}`" + (f" when calling `{op.name}`" if op else "")
    try:
        return json.dumps(_model_base().to_jsonable(value), separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ApiTypeError(f"Cannot serialize {where} as JSON: {error}") from error


def _file_field(op: Optional[Operation], param: Param, value: Any) -> Tuple[str, bytes, str]:
    """``(file name, content, content type)`` of a file argument: a path, bytes, a binary
    file object, or a ``(file name, bytes)`` / ``(file name, bytes, content type)`` tuple."""
    where = f"parameter `{param.name}`" + (f" when calling `{op.name}`" if op else "")
    content_type = "application/octet-stream"
    if isinstance(value, (str, os.PathLike)):
        try:
            with open(value, "rb") as f:
                return os.path.basename(os.fspath(value)), f.read(), content_type
        except OSError as error:
            raise ApiValueError(f"Cannot read the file given as {where}: {error}") from error
    if isinstance(value, (bytes, bytearray, memoryview)):
        return param.wire, bytes(value), content_type
    if isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[0], str) \
            and isinstance(value[1], (bytes, bytearray)):
        return value[0], bytes(value[1]), value[2] if len(value) == 3 else content_type
    if hasattr(value, "read"):
        data = value.read()
        if not isinstance(data, (bytes, bytearray)):
            raise ApiTypeError(f"The file object given as {where} must be opened in binary "
                               f"mode ('rb'); it returned {type(data).__name__}")
        name = getattr(value, "name", None)
        filename = os.path.basename(name) if isinstance(name, str) and name else param.wire
        return filename, bytes(data), content_type
    raise ApiTypeError(
        f"Invalid type for {where}: expected a file path, bytes, a binary file object or a "
        f"(file name, bytes) tuple, got {type(value).__name__}"
    )


def _collection(value: Any, fmt: str) -> str:
    if not isinstance(value, (list, tuple)):
        return _to_text(value)
    sep = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}.get(fmt, ",")
    return sep.join(_to_text(v) for v in value)


def _expand_pairs(params: Any, formats: Mapping[str, str]) -> List[Tuple[str, str]]:
    """Query or form pairs of ``call_api`` (dict or pairs), lists expanded per format."""
    if not params:
        return []
    pairs = params.items() if isinstance(params, Mapping) else params
    out: List[Tuple[str, str]] = []
    for name, value in pairs:
        if value is None:
            continue
        if isinstance(value, (list, tuple)) and formats.get(name, "multi") == "multi":
            out.extend((name, _to_text(v)) for v in value)
        else:
            out.append((name, _collection(value, formats.get(name, "csv"))))
    return out


logging.getLogger("kfp_server_api").addHandler(logging.NullHandler())
