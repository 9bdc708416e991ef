"""Configuration of an :class:`~kfp_server_api.api_client.ApiClient`.

Every :class:`Configuration` is independent: changing one never changes another. The only
process-wide value is the optional default set with :meth:`Configuration.set_default`, which
:class:`ApiClient` copies when it is created without a configuration.

Defaults (see README "Configuration" and "Timeouts and retries"):

* ``host`` ``http://localhost``; ``timeout`` ``(10.0, 60.0)`` (connect, read seconds);
* ``retries`` ``None``: :func:`default_retries` (3 attempts, idempotent methods only after
  the request was sent, 429/503 retried honouring ``Retry-After``);
* TLS verified against certifi's CA bundle.
"""
from __future__ import annotations  # annotations stay strings: a cheaper import

import logging
import os
import sys
import threading
import urllib.parse
from typing import Any, Callable, Dict, Mapping, Optional, Tuple, Union

import urllib3
from urllib3.util.retry import Retry

from kfp_server_api._version import API_VERSION, __version__

__all__ = ["Configuration", "default_retries", "DEFAULT_TIMEOUT", "IDEMPOTENT_METHODS"]

#: Default ``(connect, read)`` timeout in seconds: a request never waits forever.
DEFAULT_TIMEOUT: Tuple[float, float] = (10.0, 60.0)

#: Methods that may be repeated after the request reached the server.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})

#: ``Configuration.timeout`` accepts seconds, a ``(connect, read)`` pair or a urllib3 Timeout.
TimeoutValue = Union[None, float, int, Tuple[Optional[float], Optional[float]], urllib3.Timeout]

_LOGGER_NAME = "kfp_server_api"


def _deepcopy(value: Any, memo: Optional[Dict[int, Any]] = None) -> Any:
    """``copy.deepcopy``, with :mod:`copy` imported on first use (most programs never copy a configuration)."""
    import copy

    return copy.deepcopy(value, memo)


def _is_certificate_failure(error: BaseException) -> bool:
    """True when ``error`` (or what it wraps) is a failed TLS certificate verification."""
    import ssl

    seen = set()
    stack: list = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (ssl.SSLCertVerificationError, ssl.CertificateError)):
            return True
        if isinstance(current, BaseException):
            stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
            stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


class DefaultRetry(Retry):
    """urllib3 ``Retry`` that gives up at once on a failed certificate verification.

    A certificate that failed verification fails the same way on every attempt, so retrying
    only delays the error (and repeats its warnings); other TLS failures, such as a handshake
    cut short, are retried like any connection error.
    """

    def increment(
        self,
        method: Optional[str] = None,
        url: Optional[str] = None,
        response: Any = None,
        error: Optional[Exception] = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> "DefaultRetry":
        if error is not None and _is_certificate_failure(error):
            # Exhaust the policy: urllib3 raises MaxRetryError(reason=error) as for any
            # connection error that ran out of attempts, so callers catch the same type.
            spent = self.new(total=0, connect=0, read=0, other=0, status=0)
            return Retry.increment(spent, method, url, response, error, _pool, _stacktrace)
        return super().increment(method, url, response, error, _pool, _stacktrace)


def default_retries() -> Retry:
    """The retry policy used when ``Configuration.retries`` is ``None``.

    Connection errors (the request was never sent) are retried for every method; read
    errors and 429/503 answers only for idempotent methods, so a POST is never repeated
    once the server may have acted on it. After the last 429/503 the response itself is
    returned (and raised as an :class:`~kfp_server_api.exceptions.ApiException`). A failed
    certificate verification is not retried (see :class:`DefaultRetry`).
    """
    return DefaultRetry(
        total=3,
        connect=3,
        read=2,
        status=2,
        backoff_factor=0.5,
        status_forcelist=(429, 503),
        allowed_methods=IDEMPOTENT_METHODS,
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def _host_matches_no_proxy(host_url: str, no_proxy: str) -> bool:
    """True when ``host_url``'s host is listed in a ``NO_PROXY`` value (curl semantics)."""
    host = (urllib.parse.urlsplit(host_url).hostname or "").lower()
    for entry in no_proxy.replace(" ", ",").split(","):
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        entry = entry.split(":", 1)[0] if entry.count(":") == 1 else entry
        entry = entry.lstrip(".")
        if host == entry or host.endswith("." + entry):
            return True
    return False


class Configuration:
    """Settings of one API client: where to connect, how to authenticate, TLS, proxy,
    timeouts, retries and logging.

    Secrets (``api_key``, ``password``) are never shown by ``repr`` or in logs.

    :param host: base URL of the API server, e.g. ``http://localhost:8888`` (no ``/apis``).
    :param api_key: credentials by header name; KFP uses ``{"authorization": "<token>"}``.
    :param api_key_prefix: prefix by header name, e.g. ``{"authorization": "Bearer"}``.
    :param username: HTTP basic auth user (sent when set).
    :param password: HTTP basic auth password.
    """

    _default: Optional["Configuration"] = None
    _default_lock = threading.Lock()

    def __init__(
        self,
        host: Optional[str] = None,
        api_key: Optional[Dict[str, str]] = None,
        api_key_prefix: Optional[Dict[str, str]] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        discard_unknown_keys: bool = False,
    ) -> None:
        self.host = host or "http://localhost"
        #: Accepted for code written against the older generated client. Unknown response
        #: fields never fail here: they are kept on the model (and written back) either way.
        self.discard_unknown_keys = discard_unknown_keys
        #: Credentials by header name (``authorization`` for KFP's Bearer scheme).
        self.api_key: Dict[str, str] = dict(api_key or {})
        #: Prefixes by header name (``Bearer``).
        self.api_key_prefix: Dict[str, str] = dict(api_key_prefix or {})
        #: Called as ``hook(configuration)`` before every request and once more, followed by
        #: one retry, when the server answers 401. Use it to refresh ``api_key``.
        self.refresh_api_key_hook: Optional[Callable[["Configuration"], Any]] = None
        self.username = username
        self.password = password
        #: Verify the server's TLS certificate. ``False`` is insecure and warns once.
        self.verify_ssl = True
        #: CA bundle file; ``None`` uses certifi's bundle.
        self.ssl_ca_cert: Optional[str] = None
        #: Client certificate and key files for mutual TLS.
        self.cert_file: Optional[str] = None
        self.key_file: Optional[str] = None
        #: Expected host name in the server certificate; ``False`` disables the check.
        self.assert_hostname: Union[None, bool, str] = None
        #: Host name sent in the TLS handshake (SNI) instead of the URL's, as kubeconfig's
        #: ``tls-server-name``.
        self.tls_server_name: Optional[str] = None
        #: Proxy URL, e.g. ``http://proxy:3128``, and extra headers for it.
        self.proxy: Optional[str] = None
        self.proxy_headers: Optional[Dict[str, str]] = None
        #: Connections kept per host by the transport.
        self.connection_pool_maxsize = (os.cpu_count() or 1) * 5
        #: ``None`` (the :func:`default_retries` policy), an int (total attempts) , ``False``
        #: (no retries) or a ``urllib3.util.Retry``.
        self.retries: Union[None, bool, int, Retry] = None
        #: Default timeout of every request (``_request_timeout`` overrides it per call): seconds
        #: or ``(connect, read)``; the read part bounds the whole answer of each attempt.
        self.timeout: TimeoutValue = DEFAULT_TIMEOUT
        #: Characters left unencoded in path parameters (``''``: everything is encoded).
        self.safe_chars_for_path_param = ""
        #: Check argument types and enum values before sending.
        self.client_side_validation = True
        self._logger_format = "%(asctime)s %(levelname)s %(message)s"
        self._logger_file: Optional[str] = None
        self._log_handler: Optional[logging.Handler] = None
        self._debug = False
        #: The logger requests and responses are written to when ``debug`` is on.
        self.logger = logging.getLogger(_LOGGER_NAME)

    # -- process default -------------------------------------------------------------------

    @classmethod
    def set_default(cls, default: Optional["Configuration"]) -> None:
        """Make a copy of ``default`` the configuration of clients created without one."""
        with cls._default_lock:
            cls._default = _deepcopy(default) if default is not None else None

    @classmethod
    def get_default_copy(cls) -> "Configuration":
        """A copy of the default set by :meth:`set_default`, or a new Configuration."""
        with cls._default_lock:
            default = cls._default
            return _deepcopy(default) if default is not None else cls()

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Configuration":
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        for key, value in self.__dict__.items():
            if key in ("logger", "refresh_api_key_hook", "_log_handler"):
                # Loggers and hooks are shared on purpose (a hook may close over the original).
                new.__dict__[key] = value
            else:
                new.__dict__[key] = _deepcopy(value, memo)
        return new

    # -- environment -----------------------------------------------------------------------

    @classmethod
    def from_env(cls, environ: Optional[Mapping[str, str]] = None) -> "Configuration":
        """A Configuration from environment variables (``os.environ`` by default).

        * ``KF_PIPELINES_ENDPOINT``: host, e.g. ``https://kfp.example.com/pipeline``;
        * ``KF_PIPELINES_TOKEN``: sent as ``authorization: Bearer <token>``;
        * ``HTTPS_PROXY`` / ``HTTP_PROXY`` (by the host's scheme; lower-case names too),
          unless the host matches ``NO_PROXY``;
        * ``KF_PIPELINES_CA_BUNDLE``, else ``REQUESTS_CA_BUNDLE``, else ``SSL_CERT_FILE``:
          CA bundle used to verify the server.
        """
        env = os.environ if environ is None else environ

        def get(name: str) -> Optional[str]:
            return env.get(name) or env.get(name.lower()) or None

        config = cls(host=env.get("KF_PIPELINES_ENDPOINT") or None)
        token = env.get("KF_PIPELINES_TOKEN")
        if token:
            config.api_key["authorization"] = token
            config.api_key_prefix["authorization"] = "Bearer"
        scheme = urllib.parse.urlsplit(config.host).scheme.lower()
        proxy = get("HTTPS_PROXY") if scheme == "https" else get("HTTP_PROXY")
        if proxy and not _host_matches_no_proxy(config.host, get("NO_PROXY") or ""):
            config.proxy = proxy
        for name in ("KF_PIPELINES_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
            if env.get(name):
                config.ssl_ca_cert = env[name]
                break
        return config

    # -- logging ---------------------------------------------------------------------------

    @property
    def debug(self) -> bool:
        """When True, requests and responses are logged at DEBUG on ``kfp_server_api``
        (credentials redacted, bodies shortened)."""
        return self._debug

    @debug.setter
    def debug(self, value: bool) -> None:
        self._debug = bool(value)
        if not self._debug:
            return
        if self.logger.getEffectiveLevel() > logging.DEBUG:
            self.logger.setLevel(logging.DEBUG)
        if not _has_real_handler(self.logger):
            # Nobody configured logging: without a handler DEBUG lines would go nowhere.
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter(self._logger_format))
            self.logger.addHandler(handler)

    @property
    def logger_format(self) -> str:
        """``logging`` format of the lines written to ``logger_file``."""
        return self._logger_format

    @logger_format.setter
    def logger_format(self, value: str) -> None:
        self._logger_format = value
        if self._log_handler is not None:
            self._log_handler.setFormatter(logging.Formatter(value))

    @property
    def logger_file(self) -> Optional[str]:
        """File that the ``kfp_server_api`` logger also writes to (``None``: no file)."""
        return self._logger_file

    @logger_file.setter
    def logger_file(self, value: Optional[str]) -> None:
        if self._log_handler is not None:
            self.logger.removeHandler(self._log_handler)
            self._log_handler.close()
            self._log_handler = None
        self._logger_file = value
        if value:
            handler = logging.FileHandler(value)
            handler.setFormatter(logging.Formatter(self._logger_format))
            self.logger.addHandler(handler)
            self._log_handler = handler

    # -- auth ------------------------------------------------------------------------------

    def get_api_key_with_prefix(self, identifier: str, alias: Optional[str] = None) -> Optional[str]:
        """``'<prefix> <key>'`` (or just the key) for ``identifier``; ``None`` when unset."""
        key = self.api_key.get(identifier)
        if key is None and alias is not None:
            key = self.api_key.get(alias)
        if key is None:
            return None
        prefix = self.api_key_prefix.get(identifier)
        return f"{prefix} {key}" if prefix else key

    def get_basic_auth_token(self) -> Optional[str]:
        """The ``Authorization`` value for ``username``/``password``; ``None`` when unset."""
        if self.username is None and self.password is None:
            return None
        return urllib3.util.make_headers(
            basic_auth=f"{self.username or ''}:{self.password or ''}"
        ).get("authorization")

    def auth_settings(self) -> Dict[str, Dict[str, Any]]:
        """Credentials by security scheme name, for the schemes that have a value.

        ``Bearer`` is the spec's scheme (header ``authorization``); ``BasicAuth`` is present
        when ``username``/``password`` are set.
        """
        settings: Dict[str, Dict[str, Any]] = {}
        bearer = self.get_api_key_with_prefix("authorization")
        if bearer is not None:
            settings["Bearer"] = {
                "type": "api_key", "in": "header", "key": "authorization", "value": bearer,
            }
        basic = self.get_basic_auth_token()
        if basic is not None:
            settings["BasicAuth"] = {
                "type": "basic", "in": "header", "key": "authorization", "value": basic,
            }
        return settings

    # -- reports ---------------------------------------------------------------------------

    def to_debug_report(self) -> str:
        """Versions of the OS, Python, API and SDK, for bug reports (no secrets)."""
        return (
            "Python SDK Debug Report:\n"
            f"OS: {_platform()}\n"
            f"Python Version: {sys.version.split()[0]}\n"
            f"urllib3 Version: {urllib3.__version__}\n"
            f"Version of the API: {API_VERSION}\n"
            f"SDK Package Version: {__version__}"
        )

    def __repr__(self) -> str:
        shown = {
            "host": hide_userinfo(self.host),
            "api_key": {k: "<redacted>" for k in self.api_key},
            "api_key_prefix": self.api_key_prefix,
            "username": self.username,
            "password": "<redacted>" if self.password is not None else None,
            "verify_ssl": self.verify_ssl,
            "proxy": hide_userinfo(self.proxy),
            "timeout": self.timeout,
        }
        return "Configuration(" + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"


def _has_real_handler(logger: logging.Logger) -> bool:
    """True if a record of ``logger`` reaches a handler that is not a NullHandler."""
    current: Optional[logging.Logger] = logger
    while current is not None:
        if any(not isinstance(h, logging.NullHandler) for h in current.handlers):
            return True
        current = current.parent if current.propagate else None
    return False


def hide_userinfo(url: Optional[str]) -> Optional[str]:
    """``http://user:pw@proxy:3128`` -> ``http://<redacted>@proxy:3128``."""
    if not isinstance(url, str) or "@" not in url:
        return url
    parts = urllib.parse.urlsplit(url)
    netloc = "<redacted>@" + parts.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def _platform() -> str:
    """``platform.platform()``, imported only for the debug report (it is slow to import)."""
    import platform

    return platform.platform()
