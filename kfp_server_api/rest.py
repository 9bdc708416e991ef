"""The HTTP transport: a thin layer over a urllib3 pool manager.

:class:`RESTClientObject` is the seam between the SDK and the network. It sends one request
(urllib3 applies the retry policy) and returns the response; it does *not* turn HTTP statuses
into exceptions -- :class:`~kfp_server_api.api_client.ApiClient` owns that, so that every
request takes the same path. Tests and the stub may replace ``ApiClient.rest_client`` with any
object that has a compatible :meth:`RESTClientObject.request`.
"""
from __future__ import annotations  # annotations stay strings: a cheaper import

import io
import json
import os
import re
import ssl
import urllib.parse
import warnings
import zlib
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import urllib3
from urllib3.util.retry import Retry

from kfp_server_api import deadlines
from kfp_server_api.configuration import Configuration, TimeoutValue, default_retries
from kfp_server_api.exceptions import ApiException, ApiValueError, wrap_transport_error

__all__ = ["RESTClientObject", "RESTResponse", "ApiException", "InsecureConnectionWarning", "make_timeout",
           "decode_content", "MAX_DECODED_BODY"]


class InsecureConnectionWarning(urllib3.exceptions.InsecureRequestWarning):
    """Emitted once per client when ``verify_ssl`` is False."""


def make_timeout(value: TimeoutValue) -> Union[urllib3.Timeout, None]:
    """A urllib3 Timeout from seconds, a ``(connect, read)`` pair or a Timeout.

    A single number bounds connect and read separately (each may take that long). The read
    part bounds the whole answer of each attempt (see :mod:`kfp_server_api.deadlines`).
    """
    if value is None or isinstance(value, urllib3.Timeout):
        return value
    if isinstance(value, bool):
        raise ApiValueError(f"Invalid timeout {value!r}: give seconds or a (connect, read) pair")
    try:
        if isinstance(value, (int, float)):
            return urllib3.Timeout(connect=value, read=value)
        if isinstance(value, (tuple, list)) and len(value) == 2:
            return urllib3.Timeout(connect=value[0], read=value[1])
    except (TypeError, ValueError) as error:  # negative or non-numeric parts
        raise ApiValueError(f"Invalid timeout {value!r}: {error}") from None
    raise ApiValueError(f"Invalid timeout {value!r}: give seconds or a (connect, read) pair")


#: Largest body decoded from a ``Content-Encoding`` (gzip, deflate): bounds the memory that a
#: small compressed answer (a decompression bomb) can take. Uncompressed bodies are not limited.
MAX_DECODED_BODY = 256 * 1024 * 1024


class _UndecodableBody(Exception):
    """The body cannot be decoded from its Content-Encoding (the message says why)."""


def _inflate(data: bytes, wbits: int) -> bytes:
    """zlib/gzip-decode ``data`` (every gzip member), at most :data:`MAX_DECODED_BODY` bytes."""
    out: List[bytes] = []
    size = 0
    while data:
        decoder = zlib.decompressobj(wbits)
        chunk = decoder.decompress(data, MAX_DECODED_BODY + 1 - size)
        size += len(chunk)
        out.append(chunk)
        if size > MAX_DECODED_BODY or decoder.unconsumed_tail:
            raise _UndecodableBody(f"the decoded body is larger than {MAX_DECODED_BODY} bytes")
        # A gzip body may hold several members; whatever follows a zlib stream is ignored.
        data = decoder.unused_data if decoder.eof and wbits > zlib.MAX_WBITS else b""
    return b"".join(out)


def decode_content(encoding: Optional[str], raw: bytes) -> Tuple[bytes, Optional[str]]:
    """``(body, problem)``: ``raw`` decoded per a ``Content-Encoding`` value (gzip, deflate,
    identity), or ``(raw, why)`` when it cannot be (corrupt, unsupported, or too large)."""
    if not encoding:
        return raw, None  # the usual answer: nothing to decode
    data, problem = raw, ""
    for coding in reversed([c.strip().lower() for c in encoding.split(",") if c.strip()]):
        if coding == "identity":
            continue
        options: Tuple[int, ...]
        if coding in ("gzip", "x-gzip"):
            options = (16 + zlib.MAX_WBITS,)
        elif coding == "deflate":  # zlib-wrapped, or raw deflate as some servers send
            options = (zlib.MAX_WBITS, -zlib.MAX_WBITS)
        else:
            return raw, f"unsupported Content-Encoding {coding!r}"
        for wbits in options:
            try:
                data = _inflate(data, wbits)
                break
            except zlib.error as error:
                problem = f"the {coding} body cannot be decoded ({error})"
            except _UndecodableBody as error:
                return raw, str(error)
        else:
            return raw, problem
    return data, None


class RESTResponse(io.IOBase):
    """A fully read response: ``status``, ``reason``, ``data`` (bytes) and headers.

    ``data`` is the body decoded from its ``Content-Encoding``; when that failed,
    ``decode_problem`` says why and ``data`` is the body as received.
    """

    def __init__(self, resp: Any, data: Optional[bytes] = None, decode_problem: Optional[str] = None) -> None:
        self.urllib3_response = resp
        self.status: int = resp.status
        self.reason: str = resp.reason or ""
        self.data: bytes = resp.data if data is None else data
        self.headers = resp.headers
        self.decode_problem = decode_problem

    def getheaders(self) -> Any:
        """All response headers (a case-insensitive ``HTTPHeaderDict``)."""
        return self.headers

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        """One response header, or ``default``."""
        return self.headers.get(name, default)


def _verb(method: str) -> Any:
    """A ``request`` shortcut with the method fixed (``client.POST(url, body=...)``)."""

    def send(self: "RESTClientObject", url: str, headers: Optional[Dict[str, str]] = None,
             query_params: Any = None, post_params: Any = None, body: Any = None,
             _preload_content: bool = True, _request_timeout: TimeoutValue = None) -> Any:
        return self.request(method, url, query_params=query_params, headers=headers, body=body,
                            post_params=post_params, _preload_content=_preload_content,
                            _request_timeout=_request_timeout)

    send.__name__ = send.__qualname__ = method
    send.__doc__ = f"Send a {method} request (see :meth:`RESTClientObject.request`)."
    return send


class RESTClientObject:
    """Sends HTTP requests for one :class:`Configuration` through a urllib3 pool manager.

    :param pools_size: number of per-host connection pools kept.
    :param maxsize: connections per pool (default ``configuration.connection_pool_maxsize``).
    """

    def __init__(self, configuration: Configuration, pools_size: int = 4,
                 maxsize: Optional[int] = None) -> None:
        self.configuration = configuration
        if maxsize is None:
            maxsize = configuration.connection_pool_maxsize
        if not isinstance(maxsize, int) or isinstance(maxsize, bool) or maxsize < 1:
            raise ApiValueError(f"connection_pool_maxsize must be a positive int, got {maxsize!r}")
        retries = configuration.retries
        if retries is None:
            retries = default_retries()
        elif not isinstance(retries, (bool, int, Retry)) or (
                isinstance(retries, int) and not isinstance(retries, bool) and retries < 0):
            raise ApiValueError(f"Configuration.retries must be None, False, a non-negative int or a "
                                f"urllib3.util.Retry, got {retries!r}")
        for name in ("ssl_ca_cert", "cert_file", "key_file"):
            path = getattr(configuration, name, None)
            if path and not os.path.isfile(path):
                raise ApiValueError(f"Configuration.{name} is not a readable file: {path!r}")
        kwargs: Dict[str, Any] = {
            "num_pools": pools_size,
            "maxsize": maxsize,
            "retries": retries,
            "timeout": make_timeout(configuration.timeout),
        }
        if configuration.verify_ssl:
            kwargs["cert_reqs"] = ssl.CERT_REQUIRED
            if configuration.ssl_ca_cert:
                kwargs["ca_certs"] = configuration.ssl_ca_cert
            else:
                import certifi  # here, not at import time: programs that never build a client skip it

                kwargs["ca_certs"] = certifi.where()
        else:
            kwargs["cert_reqs"] = ssl.CERT_NONE
            warnings.warn(
                f"TLS certificate verification is disabled for {configuration.host} "
                "(Configuration.verify_ssl is False): the connection can be intercepted.",
                InsecureConnectionWarning,
                stacklevel=3,
            )
            # That was the one clear warning; urllib3 would add one per request to this host.
            host = urllib.parse.urlsplit(configuration.host).hostname or ""
            warnings.filterwarnings(
                "ignore",
                message=f"Unverified HTTPS request is being made to host '{re.escape(host)}'",
                category=urllib3.exceptions.InsecureRequestWarning,
            )
        if configuration.cert_file:
            kwargs["cert_file"] = configuration.cert_file
        if configuration.key_file:
            kwargs["key_file"] = configuration.key_file
        if configuration.assert_hostname is not None:
            kwargs["assert_hostname"] = configuration.assert_hostname
        if getattr(configuration, "tls_server_name", None):
            kwargs["server_hostname"] = configuration.tls_server_name
        if configuration.proxy:
            self.pool_manager: urllib3.PoolManager = urllib3.ProxyManager(
                configuration.proxy, proxy_headers=configuration.proxy_headers, **kwargs
            )
        else:
            self.pool_manager = urllib3.PoolManager(**kwargs)
        deadlines.install(self.pool_manager)
        self._default_budget = deadlines.read_budget(kwargs["timeout"])

    def close(self) -> None:
        """Close every pooled connection."""
        self.pool_manager.clear()

    def request(
        self,
        method: str,
        url: str,
        query_params: Union[None, Mapping[str, Any], Sequence[Tuple[str, Any]]] = None,
        headers: Optional[Dict[str, str]] = None,
        body: Any = None,
        post_params: Optional[List[Tuple[str, Any]]] = None,
        _preload_content: bool = True,
        _request_timeout: TimeoutValue = None,
    ) -> Any:
        """Send one request; return a :class:`RESTResponse`, or the unread urllib3 response
        when ``_preload_content`` is False.

        ``body`` is sent as is when it is ``bytes``/``str``, and as compact JSON otherwise.
        ``post_params`` are sent as multipart/form-data (when the Content-Type says so) or
        url-encoded. Connection problems raise
        :class:`~kfp_server_api.exceptions.ApiConnectionError` (also the urllib3 error).
        """
        method = method.upper()
        headers = dict(headers or {})
        url = url_with_query(url, query_params)
        payload = encode_body(headers, body, post_params)
        kwargs: Dict[str, Any] = {"body": payload, "headers": headers,
                                  "preload_content": _preload_content}
        if _preload_content:
            # Decoded here, not by urllib3: a corrupt body keeps its status, a bomb is bounded.
            kwargs["decode_content"] = False
        timeout = make_timeout(_request_timeout)
        if timeout is not None:
            kwargs["timeout"] = timeout
        if not _preload_content:
            budget = None  # a streamed answer is read at the caller's pace
        elif timeout is None:
            budget = self._default_budget
        else:
            budget = deadlines.read_budget(timeout)
        with deadlines.bounded_call(budget) as call:
            try:
                resp = self.pool_manager.urlopen(method, url, **kwargs)
            except urllib3.exceptions.HTTPError as error:
                if call.fired and not _is_connect_error(error):
                    error = _deadline_error(error, url, call.budget)
                raise wrap_transport_error(error, f"{method} {_path_of(url)}") from None
        if not _preload_content:
            return resp
        if call.fired and method != "HEAD" and _ends_at_close(resp):
            # Cut off by the deadline, the body's end cannot be told from a truncation.
            cut = _deadline_error(urllib3.exceptions.ProtocolError("cut off"), url, call.budget)
            raise wrap_transport_error(cut, f"{method} {_path_of(url)}") from None
        data, problem = decode_content(resp.headers.get("Content-Encoding"), resp.data)
        return RESTResponse(resp, data, problem)

    GET = _verb("GET")
    HEAD = _verb("HEAD")
    OPTIONS = _verb("OPTIONS")
    DELETE = _verb("DELETE")
    POST = _verb("POST")
    PUT = _verb("PUT")
    PATCH = _verb("PATCH")

    def __repr__(self) -> str:
        return f"RESTClientObject(host={self.configuration.host!r})"


def _urlencode(pairs: Union[Mapping[str, Any], Sequence[Tuple[str, Any]]]) -> str:
    items = list(pairs.items()) if isinstance(pairs, Mapping) else list(pairs)
    return urllib.parse.urlencode(items, doseq=True, quote_via=urllib.parse.quote)


def url_with_query(url: str, query_params: Union[None, Mapping[str, Any], Sequence[Tuple[str, Any]]]) -> str:
    """``url`` with ``query_params`` (a mapping or pairs; lists repeat the key) appended, %20 for spaces."""
    if not query_params:
        return url
    return url + ("&" if "?" in url else "?") + _urlencode(query_params)


def encode_body(headers: Dict[str, str], body: Any, post_params: Optional[List[Tuple[str, Any]]]) -> Optional[bytes]:
    """The request payload of ``body`` or ``post_params`` (None: no body).

    ``body`` is sent as is when it is ``bytes``, UTF-8 encoded when ``str`` and as compact JSON
    otherwise. ``post_params`` become multipart/form-data when the Content-Type says so or is
    unset -- ``headers["Content-Type"]`` then receives the boundary -- and a url-encoded form
    otherwise. Shared by :class:`RESTClientObject` and the stub's in-process transport, so
    both send the same bytes. Both given: :class:`~kfp_server_api.exceptions.ApiValueError`.
    """
    if post_params and body is not None:
        raise ApiValueError("body and post_params cannot be sent together")
    if post_params:
        content_type = headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data") or not content_type:
            payload, headers["Content-Type"] = urllib3.encode_multipart_formdata(post_params)
            return payload
        return _urlencode(post_params).encode("ascii")
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def _is_connect_error(error: BaseException) -> bool:
    reason = getattr(error, "reason", None) or error
    return isinstance(reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError))


def _deadline_error(error: BaseException, url: str, budget: float) -> urllib3.exceptions.HTTPError:
    """The read timeout a connection cut off by its deadline stands for (keeps ``MaxRetryError``)."""
    pool: Any = getattr(error, "pool", None)
    timed_out = urllib3.exceptions.ReadTimeoutError(
        pool, url, f"Read timed out: the whole answer took longer than the read timeout ({budget:g} s)")
    if isinstance(error, urllib3.exceptions.MaxRetryError):
        return urllib3.exceptions.MaxRetryError(pool, error.url or url, timed_out)
    return timed_out


def _ends_at_close(resp: Any) -> bool:
    """Whether the answer's end is marked only by the connection closing (RFC 9112 6.3)."""
    if resp.status in (204, 304) or resp.status < 200:
        return False  # no body at all
    headers = resp.headers
    return headers.get("Content-Length") is None and "chunked" not in headers.get("Transfer-Encoding", "").lower()


def _path_of(url: str) -> str:
    return urllib.parse.urlsplit(url).path
