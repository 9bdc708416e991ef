"""Configuration: defaults, isolation, the process default, credentials on the wire, the refresh
hook, environment variables, and secrets kept out of reprs and logs."""
import copy
import logging
import re
import ssl
import subprocess
import sys
from typing import Any, List

import certifi
import pytest
import urllib3

from kfp_server_api.api import ExperimentServiceApi, HealthzServiceApi, RunServiceApi, TaskServiceApi
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import DEFAULT_TIMEOUT, Configuration, default_retries
from kfp_server_api.exceptions import ApiValueError, UnauthorizedException


def test_defaults() -> None:
    config = Configuration()
    assert config.host == "http://localhost"
    assert config.api_key == {} and config.api_key_prefix == {}
    assert config.refresh_api_key_hook is None
    assert config.username is None and config.password is None
    assert config.verify_ssl is True and config.ssl_ca_cert is None
    assert config.cert_file is None and config.key_file is None and config.assert_hostname is None
    assert config.proxy is None and config.proxy_headers is None
    assert config.connection_pool_maxsize >= 5
    assert config.retries is None
    assert config.timeout == DEFAULT_TIMEOUT == (10.0, 60.0)
    assert config.safe_chars_for_path_param == ""
    assert config.client_side_validation is True
    assert config.debug is False and config.logger_file is None
    assert config.auth_settings() == {}


def test_default_retry_policy() -> None:
    retry = default_retries()
    assert (retry.total, retry.connect, retry.read, retry.status) == (3, 3, 2, 2)
    assert retry.backoff_factor == 0.5
    assert set(retry.status_forcelist) == {429, 503}
    assert set(retry.allowed_methods) == {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}
    assert "POST" not in retry.allowed_methods
    assert retry.respect_retry_after_header and not retry.raise_on_status


def test_instances_are_isolated() -> None:
    a, b = Configuration(), Configuration()
    a.api_key["authorization"] = "a-token"
    a.api_key_prefix["authorization"] = "Bearer"
    a.host = "http://a"
    assert b.api_key == {} and b.api_key_prefix == {} and b.host == "http://localhost"
    assert Configuration().api_key == {}


def test_set_default_and_get_default_copy() -> None:
    try:
        default = Configuration(host="http://kfp:8888", api_key={"authorization": "t"})
        Configuration.set_default(default)
        default.host = "http://changed-after-set"  # set_default stored a copy

        first, second = Configuration.get_default_copy(), Configuration.get_default_copy()
        assert first.host == second.host == "http://kfp:8888"
        first.api_key["authorization"] = "other"
        assert second.api_key == {"authorization": "t"}
        with ApiClient() as client:
            assert client.configuration.host == "http://kfp:8888"
        assert Configuration().host == "http://localhost"  # a plain constructor ignores the default
    finally:
        Configuration.set_default(None)
    assert Configuration.get_default_copy().host == "http://localhost"


def test_deepcopy_keeps_hook_and_copies_dicts() -> None:
    def hook(config: Configuration) -> None:
        pass

    config = Configuration(api_key={"authorization": "t"})
    config.refresh_api_key_hook = hook
    clone = copy.deepcopy(config)
    assert clone.refresh_api_key_hook is hook
    clone.api_key["authorization"] = "u"
    assert config.api_key["authorization"] == "t"


def test_api_key_with_and_without_prefix() -> None:
    config = Configuration(api_key={"authorization": "tok"})
    assert config.get_api_key_with_prefix("authorization") == "tok"
    config.api_key_prefix["authorization"] = "Bearer"
    assert config.get_api_key_with_prefix("authorization") == "Bearer tok"
    assert config.get_api_key_with_prefix("missing") is None
    assert config.auth_settings()["Bearer"] == {
        "type": "api_key", "in": "header", "key": "authorization", "value": "Bearer tok"}


def test_bearer_token_on_the_wire(recording_server: Any, api_client: ApiClient, token: str) -> None:
    HealthzServiceApi(api_client).get_healthz()
    assert recording_server.last.headers["authorization"] == f"Bearer {token}"


def test_credentials_are_read_per_request(recording_server: Any, api_client: ApiClient, token: str) -> None:
    api = ExperimentServiceApi(api_client)
    api.get_experiment("e")
    api_client.configuration.api_key["authorization"] = "Bearer kubeconfig-style"
    api_client.configuration.api_key_prefix.clear()
    api.get_experiment("e")
    del api_client.configuration.api_key["authorization"]
    api.get_experiment("e")
    sent = [r.headers.get("authorization") for r in recording_server.requests]
    assert sent == [f"Bearer {token}", "Bearer kubeconfig-style", None]


def test_token_read_from_a_file_loses_its_newline(recording_server: Any, api_config: Configuration) -> None:
    api_config.api_key["authorization"] = "file-token\n"
    with ApiClient(api_config) as client:
        HealthzServiceApi(client).get_healthz()
    assert recording_server.last.headers["authorization"] == "Bearer file-token"


def test_basic_auth(recording_server: Any) -> None:
    config = Configuration(host=recording_server.url, username="alice", password="wonder land")
    assert config.get_basic_auth_token() == "Basic YWxpY2U6d29uZGVyIGxhbmQ="
    with ApiClient(config) as client:
        TaskServiceApi(client).list_tasks()  # no declared scheme: basic credentials still go
    assert recording_server.last.headers["authorization"] == "Basic YWxpY2U6d29uZGVyIGxhbmQ="


def test_refresh_hook_runs_before_each_request(recording_server: Any, api_config: Configuration) -> None:
    calls: List[int] = []

    def refresh(config: Configuration) -> None:
        calls.append(1)
        config.api_key["authorization"] = f"token-{len(calls)}"

    api_config.refresh_api_key_hook = refresh
    with ApiClient(api_config) as client:
        RunServiceApi(client).get_run("r")
        RunServiceApi(client).get_run("r")
    assert [r.headers["authorization"] for r in recording_server.requests] == [
        "Bearer token-1", "Bearer token-2"]


def test_401_refreshes_once_and_retries(recording_server: Any, api_config: Configuration) -> None:
    tokens = iter(["expired", "fresh", "never-used"])
    api_config.refresh_api_key_hook = lambda c: c.api_key.__setitem__("authorization", next(tokens))
    recording_server.respond(401, {"error": "token expired", "code": 16, "message": "token expired"})
    recording_server.respond(200, {"run": {"id": "r"}})
    with ApiClient(api_config) as client:
        detail = RunServiceApi(client).create_run({"name": "n"})  # even a POST: nothing was done
    assert detail.run.id == "r"
    sent = recording_server.requests
    assert [r.headers["authorization"] for r in sent] == ["Bearer expired", "Bearer fresh"]
    assert sent[0].body == sent[1].body == b'{"name":"n"}'


def test_401_twice_raises_and_without_hook_is_not_retried(recording_server: Any,
                                                         api_config: Configuration) -> None:
    for _ in range(3):
        recording_server.respond(401, {"error": "no", "code": 16, "message": "no"})
    api_config.refresh_api_key_hook = lambda c: None
    with ApiClient(api_config) as client, pytest.raises(UnauthorizedException):
        RunServiceApi(client).get_run("r")
    assert len(recording_server.requests) == 2

    api_config.refresh_api_key_hook = None
    with ApiClient(api_config) as client, pytest.raises(UnauthorizedException):
        RunServiceApi(client).get_run("r")
    assert len(recording_server.requests) == 3


def test_from_env(tmp_path: Any) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("")
    config = Configuration.from_env({
        "KF_PIPELINES_ENDPOINT": "https://kfp.example.com/pipeline",
        "KF_PIPELINES_TOKEN": "env-token",
        "HTTPS_PROXY": "http://proxy:3128",
        "HTTP_PROXY": "http://plain-proxy:3128",
        "KF_PIPELINES_CA_BUNDLE": str(ca),
        "REQUESTS_CA_BUNDLE": "/ignored.pem",
    })
    assert config.host == "https://kfp.example.com/pipeline"
    assert config.get_api_key_with_prefix("authorization") == "Bearer env-token"
    assert config.proxy == "http://proxy:3128"
    assert config.ssl_ca_cert == str(ca)


@pytest.mark.parametrize("no_proxy, proxied", [
    ("", True),
    ("localhost,.example.com", False),
    ("example.com", False),
    ("kfp.example.com:443", False),
    ("other.com, *", False),
    ("example.org", True),
])
def test_from_env_no_proxy(no_proxy: str, proxied: bool) -> None:
    config = Configuration.from_env({"KF_PIPELINES_ENDPOINT": "https://kfp.example.com",
                                     "https_proxy": "http://proxy:3128", "NO_PROXY": no_proxy})
    assert (config.proxy == "http://proxy:3128") is proxied


def test_from_env_fallbacks() -> None:
    config = Configuration.from_env({"SSL_CERT_FILE": "/etc/ssl/cert.pem", "HTTP_PROXY": "http://p:1"})
    assert config.host == "http://localhost"
    assert config.api_key == {}
    assert config.ssl_ca_cert == "/etc/ssl/cert.pem"
    assert config.proxy == "http://p:1"
    assert Configuration.from_env({"REQUESTS_CA_BUNDLE": "/r.pem"}).ssl_ca_cert == "/r.pem"


def test_repr_and_debug_report_hide_secrets() -> None:
    config = Configuration(host="http://kfp", api_key={"authorization": "top-secret"},
                           username="alice", password="hunter2")
    config.api_key_prefix["authorization"] = "Bearer"
    config.proxy = "http://user:proxy-pass@proxy:3128"
    for text in (repr(config), config.to_debug_report(), repr(ApiClient(config))):
        assert "top-secret" not in text and "hunter2" not in text and "proxy-pass" not in text
    assert "http://kfp" in repr(config) and "authorization" in repr(config)
    assert repr(ApiClient(config)) == "ApiClient(host='http://kfp')"
    config.host = "https://admin:host-pass@kfp.example.com"
    assert "host-pass" not in repr(config) and "host-pass" not in repr(ApiClient(config))
    assert "Version of the API: 2.0.0-beta.0" in config.to_debug_report()


def test_debug_logs_requests_without_credentials(recording_server: Any, api_config: Configuration,
                                                 caplog: Any, token: str) -> None:
    api_config.debug = True
    recording_server.respond(200, {"id": "e-1", "name": "logged-name"})
    with caplog.at_level(logging.DEBUG, logger="kfp_server_api"), ApiClient(api_config, cookie="c=secret") as client:
        ExperimentServiceApi(client).create_experiment({"name": "logged-name"})
    text = caplog.text
    assert "POST" in text and "/apis/v1beta1/experiments" in text and "logged-name" in text
    assert "200" in text
    assert token not in text and "c=secret" not in text


def test_debug_writes_to_stderr_when_logging_is_not_configured(recording_server: Any) -> None:
    script = (
        "from kfp_server_api.api_client import ApiClient\n"
        "from kfp_server_api.configuration import Configuration\n"
        "from kfp_server_api.api import HealthzServiceApi\n"
        f"config = Configuration(host={recording_server.url!r}, api_key={{'authorization': 'hidden-key'}})\n"
        "config.debug = True\n"
        "HealthzServiceApi(ApiClient(config)).get_healthz()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "request GET " + recording_server.url + "/apis/v1beta1/healthz" in done.stderr
    assert "response GET /apis/v1beta1/healthz 200" in done.stderr
    assert "hidden-key" not in done.stderr


def test_no_logging_when_debug_is_off(recording_server: Any, api_client: ApiClient, caplog: Any) -> None:
    with caplog.at_level(logging.DEBUG, logger="kfp_server_api"):
        HealthzServiceApi(api_client).get_healthz()
    assert caplog.records == []


def test_logger_file(tmp_path: Any, recording_server: Any, api_config: Configuration, token: str) -> None:
    log = tmp_path / "kfp.log"
    api_config.logger_file = str(log)
    api_config.debug = True
    try:
        with ApiClient(api_config) as client:
            HealthzServiceApi(client).get_healthz()
    finally:
        api_config.logger_file = None
        api_config.logger.setLevel(logging.NOTSET)
    text = log.read_text()
    assert "GET" in text and "/apis/v1beta1/healthz" in text and token not in text


def test_transport_follows_tls_and_proxy_settings(tmp_path: Any) -> None:
    config = Configuration(host="https://kfp.example.com")
    pool = ApiClient(config).rest_client.pool_manager
    assert pool.connection_pool_kw["ca_certs"] == certifi.where()
    assert not isinstance(pool, urllib3.ProxyManager)

    for name in ("ca.pem", "c.pem", "k.pem"):
        (tmp_path / name).write_text("")
    config.ssl_ca_cert, config.cert_file, config.key_file = (str(tmp_path / n) for n in ("ca.pem", "c.pem", "k.pem"))
    config.assert_hostname = "kfp.internal"
    config.proxy, config.proxy_headers = "http://proxy:3128", {"Proxy-Authorization": "Basic x"}
    pool = ApiClient(config).rest_client.pool_manager
    assert isinstance(pool, urllib3.ProxyManager)
    assert pool.proxy.host == "proxy" and pool.proxy_headers == {"Proxy-Authorization": "Basic x"}
    kw = pool.connection_pool_kw
    assert (kw["ca_certs"], kw["cert_file"], kw["key_file"]) == (
        config.ssl_ca_cert, config.cert_file, config.key_file)
    assert kw["assert_hostname"] == "kfp.internal"


def test_verify_ssl_false_warns_once(recording_server: Any) -> None:
    config = Configuration(host=recording_server.url)
    config.verify_ssl = False
    with pytest.warns(urllib3.exceptions.InsecureRequestWarning, match="verification is disabled") as record:
        client = ApiClient(config)
    assert len(record) == 1
    assert client.rest_client.pool_manager.connection_pool_kw["cert_reqs"] == ssl.CERT_NONE


@pytest.mark.parametrize("attribute, value, text", [
    ("retries", "3", "Configuration.retries must be None, False, a non-negative int"),
    ("retries", -1, "Configuration.retries must be None, False, a non-negative int"),
    ("connection_pool_maxsize", 0, "connection_pool_maxsize must be a positive int"),
    ("timeout", "slow", "Invalid timeout 'slow'"),
    ("timeout", (1, -2), "Invalid timeout (1, -2)"),
    ("ssl_ca_cert", "/no/such/ca.pem", "Configuration.ssl_ca_cert is not a readable file: '/no/such/ca.pem'"),
    ("cert_file", "/no/cert.pem", "Configuration.cert_file is not a readable file"),
    ("key_file", "/no/key.pem", "Configuration.key_file is not a readable file"),
])
def test_bad_settings_are_clear_errors(attribute: str, value: Any, text: str) -> None:
    config = Configuration()
    setattr(config, attribute, value)
    with pytest.raises(ApiValueError, match=re.escape(text)):
        ApiClient(config)


def test_discard_unknown_keys_is_accepted_for_older_code():
    """Code written against the older generated client passes ``discard_unknown_keys``."""
    from kfp_server_api import Configuration

    config = Configuration(host="http://example.test", discard_unknown_keys=True)
    assert config.discard_unknown_keys is True
    assert config.host == "http://example.test"
