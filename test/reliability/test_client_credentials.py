"""Credentials never leak, and token refresh works.

With ``debug=True`` and every logger configuration at once (root logger at DEBUG, urllib3's
logger at DEBUG, a ``logger_file``), requests that succeed, fail with 401/404/500, fail to
decode, fail to connect or are refused before sending are made with a Bearer token, a cookie,
basic-auth credentials and an ``x-api-key``; then every output is searched for the secrets:
caplog records, stdout/stderr at the file-descriptor level, the log file, ``repr()`` of
``Configuration``/``ApiClient``/the API object, ``to_debug_report()``, and the message, repr and
formatted traceback of every exception. A subprocess covers ``debug=True`` with logging not
configured at all (the SDK logs to stderr).
"""
import base64
import logging
import subprocess
import sys
import textwrap
import traceback
from typing import Any, Iterator, List

import pytest
from recording_server import RecordingServer

import kfp_server_api
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration
from kfp_server_api.exceptions import ApiConnectionError, ApiException, ApiValueError, UnauthorizedException

TOKEN = "TOKEN-s3cr3t-9f8e7d"
COOKIE_SECRET = "COOKIE-s3cr3t-5a4b"
PASSWORD = "PASSWORD-s3cr3t-1c2d"
API_KEY = "APIKEY-s3cr3t-3e4f"
SECRETS = [TOKEN, COOKIE_SECRET, PASSWORD, API_KEY,
           base64.b64encode(f"alice:{PASSWORD}".encode()).decode()]


@pytest.fixture
def clean_logging() -> Iterator[None]:
    """Restore the SDK's, urllib3's and the root logger's handlers and levels afterwards."""
    names = ["kfp_server_api", "urllib3", ""]
    saved = [(logging.getLogger(n), list(logging.getLogger(n).handlers), logging.getLogger(n).level) for n in names]
    yield
    for logger, handlers, level in saved:
        for handler in logger.handlers[:]:
            if handler not in handlers:
                logger.removeHandler(handler)
                handler.close()
        logger.setLevel(level)


def _config(url: str, log_file: str) -> Configuration:
    config = Configuration(host=url, username="alice", password=PASSWORD)
    config.api_key["authorization"] = TOKEN
    config.api_key_prefix["authorization"] = "Bearer"
    config.api_key["x-api-key"] = API_KEY
    config.retries = False
    config.logger_file = log_file
    config.debug = True
    return config


def _exception_texts(error: BaseException) -> List[str]:
    return [str(error), repr(error), "".join(traceback.format_exception(type(error), error, error.__traceback__)),
            repr(getattr(error, "args", ""))]


def test_secrets_never_appear_in_any_output(clean_logging: None, caplog: Any, capfd: Any, tmp_path: Any,
                                            report: Any) -> None:
    log_file = str(tmp_path / "sdk.log")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    texts: List[str] = []
    errors = 0
    with RecordingServer() as server:
        config = _config(server.url, log_file)
        with ApiClient(config, cookie=f"session={COOKIE_SECRET}") as client:
            runs = kfp_server_api.RunServiceApi(client)
            texts += [repr(config), repr(client), repr(runs), config.to_debug_report()]
            server.respond(200, {"run": {"id": "r1", "name": "n"}})
            assert runs.get_run("r1").run.id == "r1"
            for status in (401, 404, 500):
                server.respond(status, {"error": "nope", "code": 16, "message": "nope"})
            server.respond(200, b"\xff not json")
            for _ in range(4):
                with pytest.raises(ApiException) as caught:
                    runs.get_run("r1")
                texts += _exception_texts(caught.value)
                errors += 1
        # Basic auth is sent only without a Bearer key.
        basic = _config(server.url, log_file)
        basic.api_key.pop("authorization")
        with ApiClient(basic) as client:
            server.respond(401, {"error": "who", "code": 16, "message": "who"})
            with pytest.raises(ApiException) as caught:
                kfp_server_api.RunServiceApi(client).get_run("r1")
            texts += _exception_texts(caught.value) + [repr(basic), basic.to_debug_report()]
            errors += 1
        # The credentials were really sent: the test would prove nothing otherwise.
        seen = server.requests[0].headers
        assert seen["authorization"] == f"Bearer {TOKEN}" and COOKIE_SECRET in seen["cookie"]
        assert server.last.headers["authorization"] == "Basic " + SECRETS[-1]
    # Refused connection (server gone) and a header value refused before sending.
    with ApiClient(config, cookie=f"session={COOKIE_SECRET}") as client:
        with pytest.raises(ApiConnectionError) as refused:
            kfp_server_api.RunServiceApi(client).get_run("r1")
        texts += _exception_texts(refused.value)
        config.api_key["authorization"] = TOKEN + "\r\nInjected: 1"
        with pytest.raises(ApiValueError) as bad_header:
            kfp_server_api.RunServiceApi(client).get_run("r1")
        texts += _exception_texts(bad_header.value)
        errors += 2
    captured = capfd.readouterr()
    with open(log_file, encoding="utf-8") as f:
        file_text = f.read()
    outputs = {"caplog": caplog.text, "stdout": captured.out, "stderr": captured.err, "log file": file_text,
               "reprs/exceptions": "\n".join(texts)}
    assert "GET /apis/v1beta1/runs/r1" in file_text and "<redacted>" in file_text  # debug logging did happen
    for where, text in outputs.items():
        for secret in SECRETS:
            assert secret not in text, f"secret {secret[:6]}... leaked in {where}"
    size = sum(len(t) for t in outputs.values())
    report(f"{len(SECRETS)} secrets x {len(outputs)} outputs ({size:,} chars, {len(caplog.records)} log records, "
           f"{errors} exceptions): 0 leaks")


URL_PASSWORD = "URLPASS-s3cr3t-7a8b"
PROXY_PASSWORD = "PROXYPASS-s3cr3t-9c0d"
HEADER_TOKEN = "HDRTOKEN-s3cr3t-1e2f"


def test_secrets_in_urls_and_extra_headers_never_appear(clean_logging: None, caplog: Any, capfd: Any,
                                                        recording_server: RecordingServer, closed_port: int,
                                                        report: Any) -> None:
    """User info in the host and proxy URLs, a per-call ``_headers`` Authorization and a default
    ``X-Api-Key`` header: sent where they belong, shown nowhere."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="urllib3")
    texts: List[str] = []
    config = Configuration(host=recording_server.url.replace("http://", f"http://alice:{URL_PASSWORD}@"))
    config.retries = False
    config.debug = True
    with ApiClient(config) as client:
        client.set_default_header("X-Api-Key", API_KEY)
        texts += [repr(config), repr(client), config.to_debug_report()]
        recording_server.respond(404, {"error": "x", "code": 5, "message": "x"})
        with pytest.raises(ApiException) as caught:
            kfp_server_api.RunServiceApi(client).get_run("r1", _headers={"Authorization": f"Bearer {HEADER_TOKEN}"})
        texts += _exception_texts(caught.value)
    sent = recording_server.last.headers
    assert sent["authorization"] == f"Bearer {HEADER_TOKEN}" and sent["x-api-key"] == API_KEY
    for host, proxy in ((f"http://alice:{URL_PASSWORD}@127.0.0.1:{closed_port}", None),
                        (f"http://127.0.0.1:{closed_port}", f"http://puser:{PROXY_PASSWORD}@127.0.0.1:{closed_port}")):
        config = Configuration(host=host)
        config.retries = False
        config.proxy = proxy
        config.debug = True
        texts += [repr(config), config.to_debug_report()]
        with ApiClient(config) as client, pytest.raises(ApiConnectionError) as refused:
            kfp_server_api.RunServiceApi(client).get_run("r1")
        texts += _exception_texts(refused.value)
    captured = capfd.readouterr()
    everything = "\n".join(texts + [caplog.text, captured.out, captured.err])
    for secret in (URL_PASSWORD, PROXY_PASSWORD, HEADER_TOKEN, API_KEY):
        assert secret not in everything, f"secret {secret[:8]}... leaked"
    report(f"user info in host/proxy URLs, per-call Authorization, default X-Api-Key: 4 secrets x "
           f"{len(texts)} reprs/exception texts + logs ({len(everything):,} chars): 0 leaks")


def test_debug_without_logging_configuration_logs_to_stderr_without_secrets(tmp_path: Any) -> None:
    with RecordingServer() as server:
        script = textwrap.dedent(f"""
            import kfp_server_api
            from kfp_server_api.configuration import Configuration
            config = Configuration(host={server.url!r}, username="alice", password={PASSWORD!r})
            config.api_key["authorization"] = {TOKEN!r}
            config.api_key_prefix["authorization"] = "Bearer"
            config.debug = True
            config.retries = False
            with kfp_server_api.ApiClient(config, cookie="s={COOKIE_SECRET}") as client:
                print(repr(config), repr(client))
                try:
                    kfp_server_api.RunServiceApi(client).get_run("r1")
                except kfp_server_api.exceptions.ApiException as e:
                    print(e, repr(e))
        """)
        server.respond(403, {"error": "denied", "code": 7, "message": "denied"})
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "request GET" in done.stderr and "(403)" in done.stdout
    for secret in SECRETS:
        assert secret not in done.stdout + done.stderr


def _refreshing(config: Configuration) -> List[str]:
    issued: List[str] = []

    def hook(c: Configuration) -> None:
        issued.append(f"token-{len(issued) + 1}")
        c.api_key["authorization"] = issued[-1]

    config.refresh_api_key_hook = hook
    config.api_key_prefix["authorization"] = "Bearer"
    return issued


def test_refresh_hook_runs_before_every_request(recording_server: RecordingServer) -> None:
    config = Configuration(host=recording_server.url)
    config.retries = False
    issued = _refreshing(config)
    recording_server.default.body = {"multi_user": False}
    with ApiClient(config) as client:
        for _ in range(3):
            kfp_server_api.HealthzServiceApi(client).get_healthz()
    assert [r.headers["authorization"] for r in recording_server.requests] == [f"Bearer {t}" for t in issued]
    assert len(issued) == 3


@pytest.mark.parametrize("method", ["get_run", "create_run"])
def test_401_triggers_one_refresh_and_one_retry(method: str, recording_server: RecordingServer, report: Any) -> None:
    config = Configuration(host=recording_server.url)
    config.retries = False
    issued = _refreshing(config)
    with ApiClient(config) as client:
        runs = kfp_server_api.RunServiceApi(client)
        call = (lambda: runs.get_run("r1")) if method == "get_run" else (
            lambda: runs.create_run(kfp_server_api.ApiRun(name="n")))
        recording_server.respond(401, {"error": "expired", "code": 16, "message": "expired"})
        recording_server.respond(200, {"run": {"id": "r1"}})
        assert call().run.id == "r1"
        sent = [r.headers["authorization"] for r in recording_server.requests]
        assert sent == ["Bearer token-1", "Bearer token-2"]
        # A second 401 is final: no loop.
        recording_server.respond(401, {"error": "expired", "code": 16, "message": "expired"})
        recording_server.respond(401, {"error": "still", "code": 16, "message": "still"})
        recording_server.respond(200, {"run": {"id": "never"}})
        with pytest.raises(UnauthorizedException) as caught:
            call()
    assert caught.value.message == "still"
    assert len(recording_server.requests) == 4 and len(issued) == 4
    report(f"{method}: 401 -> refresh + 1 retry (2 requests, tokens {sent}); 401 twice -> UnauthorizedException "
           f"after 2 requests")


def test_401_without_a_hook_is_not_retried(recording_server: RecordingServer) -> None:
    config = Configuration(host=recording_server.url)
    config.retries = False
    recording_server.respond(401, {"error": "no", "code": 16, "message": "no"})
    with ApiClient(config) as client, pytest.raises(UnauthorizedException):
        kfp_server_api.RunServiceApi(client).get_run("r1")
    assert len(recording_server.requests) == 1
