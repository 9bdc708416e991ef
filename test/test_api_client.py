"""ApiClient behaviour beyond single requests: the retry policy on the wire, proxies, the
transport seam, the async pool's lifecycle, helpers, and urllib3 deprecation hygiene."""
import datetime
import gc
import shutil
import ssl
import subprocess
import sys
import textwrap
import threading
import warnings
from typing import Any, Iterator, Tuple

import pytest
import urllib3
from recording_server import RecordingServer
from urllib3.util.retry import Retry

from kfp_server_api import models
from kfp_server_api.api import ExperimentServiceApi, HealthzServiceApi, RunServiceApi
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration, default_retries
from kfp_server_api.exceptions import ApiConnectionError, ApiDecodeError, ServiceException
from kfp_server_api.rest import RESTClientObject, RESTResponse

_UNAVAILABLE = {"error": "busy", "code": 14, "message": "busy"}


def _fast_default_retries() -> Retry:
    """The default policy without back-off sleeps (same methods, statuses and counts)."""
    retry = default_retries()
    retry.backoff_factor = 0
    return retry


def test_idempotent_request_is_retried_on_503(recording_server: Any, api_config: Configuration) -> None:
    api_config.retries = _fast_default_retries()
    recording_server.respond(503, _UNAVAILABLE, headers={"Retry-After": "0"})
    recording_server.respond(429, _UNAVAILABLE)
    recording_server.respond(200, {"id": "e-1"})
    with ApiClient(api_config) as client:
        experiment = ExperimentServiceApi(client).get_experiment("e-1")
    assert experiment.id == "e-1"
    assert [r.method for r in recording_server.requests] == ["GET"] * 3


def test_post_is_never_repeated_after_it_was_sent(recording_server: Any, api_config: Configuration) -> None:
    api_config.retries = _fast_default_retries()
    recording_server.respond(503, _UNAVAILABLE)
    recording_server.respond(200, {"id": "e-1"})
    with ApiClient(api_config) as client, pytest.raises(ServiceException) as info:
        ExperimentServiceApi(client).create_experiment(models.ApiExperiment(name="x"))
    assert info.value.status == 503
    assert len(recording_server.requests) == 1


def test_status_retries_run_out_into_the_last_answer(recording_server: Any, api_config: Configuration) -> None:
    api_config.retries = _fast_default_retries()
    for _ in range(4):
        recording_server.respond(503, _UNAVAILABLE)
    with ApiClient(api_config) as client, pytest.raises(ServiceException) as info:
        RunServiceApi(client).get_run("r")
    assert info.value.message == "busy"
    assert len(recording_server.requests) == 3  # the first try and two status retries


def test_proxy_receives_absolute_urls(recording_server: Any) -> None:
    config = Configuration(host="http://kfp.invalid:8888")
    config.proxy = recording_server.url
    config.proxy_headers = {"Proxy-Authorization": "Basic cHJveHk="}
    config.retries = False
    recording_server.respond(200, {"multi_user": True})
    with ApiClient(config) as client:
        healthz = HealthzServiceApi(client).get_healthz()
    assert healthz.multi_user is True
    request = recording_server.last
    assert request.raw_path == "http://kfp.invalid:8888/apis/v1beta1/healthz"
    assert request.headers["proxy-authorization"] == "Basic cHJveHk="


def test_transport_is_a_seam() -> None:
    """A replacement transport sees exactly what would be sent and can answer in-process."""

    class Answer:
        status, reason, headers = 200, "OK", {"Content-Type": "application/json"}
        data = b'{"experiments":[{"id":"e-1"}],"total_size":1}'

    class Transport:
        def __init__(self) -> None:
            self.calls: list = []

        def request(self, method: str, url: str, **kwargs: Any) -> Any:
            self.calls.append((method, url, kwargs["headers"], kwargs["body"]))
            return Answer()

    client = ApiClient(Configuration(host="http://in-process"))
    client.rest_client = transport = Transport()
    result = ExperimentServiceApi(client).list_experiment(page_size=5)
    assert result.experiments[0].id == "e-1" and result.total_size == 1
    method, url, headers, body = transport.calls[0]
    assert (method, url, body) == ("GET", "http://in-process/apis/v1beta1/experiments?page_size=5", None)
    assert headers["Accept"] == "application/json"
    client.close()  # a transport without close() is fine


def test_rest_client_can_be_used_directly(recording_server: Any, api_config: Configuration) -> None:
    rest = RESTClientObject(api_config)
    recording_server.respond(201, {"ok": True}, headers={"X-Id": "1"})
    response = rest.POST(recording_server.url + "/echo", body={"a": [1, "é"]}, query_params=[("q", "a b")],
                         headers={"Content-Type": "application/json"})
    assert isinstance(response, RESTResponse)
    assert (response.status, response.reason, response.getheader("x-id")) == (201, "Created", "1")
    assert response.getheader("missing", "dflt") == "dflt" and response.getheaders()["X-Id"] == "1"
    assert recording_server.last.raw_path == "/echo?q=a%20b"
    assert recording_server.last.json() == {"a": [1, "é"]}
    rest.GET(recording_server.url + "/q", query_params={"a": "1", "b": ["2", "3"]})
    assert recording_server.last.raw_path == "/q?a=1&b=2&b=3"
    rest.PUT(recording_server.url + "/form", post_params=[("k", "v w")],
             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert recording_server.last.body == b"k=v%20w"
    rest.close()


def test_close_and_context_manager_end_the_pool(recording_server: Any, api_config: Configuration) -> None:
    client = ApiClient(api_config, pool_threads=3)
    assert HealthzServiceApi(client).get_healthz(async_req=True).get(10) is not None
    assert client.pool.started and client.pool.size == 3
    client.close()
    assert not client.pool.started
    # a closed client still works; a new pool is made only if needed again
    assert RunServiceApi(client).archive_run("r") == {}
    assert RunServiceApi(client).archive_run("r", async_req=True).get(10) == {}
    client.close()


def test_forgotten_client_ends_its_threads(recording_server: Any, api_config: Configuration) -> None:
    before = set(threading.enumerate())
    client = ApiClient(api_config, pool_threads=2)
    for result in [HealthzServiceApi(client).get_healthz(async_req=True) for _ in range(4)]:
        result.get(10)
    workers = [t for t in set(threading.enumerate()) - before if t.name.startswith("kfp-server-api-")]
    assert len(workers) == 2 and all(t.daemon for t in workers)
    del client, result
    gc.collect()
    for thread in workers:
        thread.join(30)
    assert not any(t.is_alive() for t in workers)


def test_pool_threads_must_be_positive() -> None:
    with pytest.raises(ValueError, match="pool_threads must be a positive int"):
        ApiClient(Configuration(), pool_threads=0)


def test_interpreter_exits_without_close(recording_server: Any) -> None:
    """Pools of clients that were never closed are shut down at exit without hanging."""
    script = textwrap.dedent(f"""
        from kfp_server_api.api_client import ApiClient
        from kfp_server_api.configuration import Configuration
        from kfp_server_api.api import HealthzServiceApi
        client = ApiClient(Configuration(host={recording_server.url!r}), pool_threads=4)
        result = HealthzServiceApi(client).get_healthz(async_req=True)
        print(result.get(30).multi_user)
        garbage = ApiClient(Configuration(host={recording_server.url!r}))
        HealthzServiceApi(garbage).get_healthz(async_req=True).get(30)
        del garbage
    """)
    recording_server.default.body = {"multi_user": False}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_exit_does_not_wait_for_a_request_in_flight(silent_server: Any) -> None:
    """A program that ends while a background request waits for its answer exits anyway."""
    script = textwrap.dedent(f"""
        from kfp_server_api.api_client import ApiClient
        from kfp_server_api.configuration import Configuration
        from kfp_server_api.api import HealthzServiceApi
        config = Configuration(host={silent_server.url!r})
        config.timeout = (600, 600)  # would keep a joined worker thread alive for 10 minutes
        client = ApiClient(config)
        pending = HealthzServiceApi(client).get_healthz(async_req=True)
        print("ready" if not pending.ready() else "unexpected")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ready"


def test_select_headers() -> None:
    assert ApiClient.select_header_accept([]) is None
    assert ApiClient.select_header_accept(["text/plain", "application/json"]) == "application/json"
    assert ApiClient.select_header_accept(["text/plain", "text/csv"]) == "text/plain, text/csv"
    assert ApiClient.select_header_content_type([]) == "application/json"
    assert ApiClient.select_header_content_type(["multipart/form-data"]) == "multipart/form-data"
    assert ApiClient.select_header_content_type(["*/*"]) == "application/json"


def test_sanitize_and_deserialize() -> None:
    client = ApiClient(Configuration())
    run = models.ApiRun(name="r", created_at=datetime.datetime(2023, 1, 2, 3, 4, 5))
    assert client.sanitize_for_serialization([run, {"n": 1}]) == [
        {"name": "r", "created_at": "2023-01-02T03:04:05Z"}, {"n": 1}]

    class Response:
        status = 200
        reason = "OK"
        headers: dict = {}
        data = '{"run": {"id": "r-1", "status": "Running"}}'

    detail = client.deserialize(Response(), "ApiRunDetail")
    assert detail.run.status == "Running"
    assert client.deserialize(Response(), "object") == {"run": {"id": "r-1", "status": "Running"}}
    Response.data = "not json"
    with pytest.raises(ApiDecodeError, match="response body is not JSON"):
        client.deserialize(Response(), "ApiRunDetail")


def test_no_deprecation_warnings_on_the_request_path(recording_server: Any, api_config: Configuration) -> None:
    recording_server.respond(200, {"run": {"id": "r"}}, headers={"X-A": "1"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with ApiClient(api_config) as client:
            api = RunServiceApi(client)
            _, _, headers = api.get_run_with_http_info("r")
            raw = api.get_run("r", _preload_content=False)
            raw.read()
            raw.release_conn()
            api.list_runs(page_size=1, async_req=True).get(10)
    assert headers["X-A"] == "1"


# -- TLS ----------------------------------------------------------------------------------------


@pytest.fixture
def https_server(tmp_path: Any) -> Iterator[Tuple[RecordingServer, str]]:
    """A recording server speaking HTTPS with a self-signed certificate for 127.0.0.1, and
    the path of that certificate (made with the openssl command line tool)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with RecordingServer(ssl_context=context) as server:
        yield server, cert


def test_tls_is_verified_against_certifi_by_default(https_server: Any) -> None:
    server, _ = https_server
    config = Configuration(host=server.url)
    config.retries = 0
    with ApiClient(config) as client, pytest.raises(ApiConnectionError) as info:
        HealthzServiceApi(client).get_healthz()
    assert isinstance(info.value, urllib3.exceptions.MaxRetryError)
    assert isinstance(info.value.reason, urllib3.exceptions.SSLError)
    assert "TLS error" in str(info.value)
    assert server.requests == []


def test_tls_with_own_ca_bundle(https_server: Any) -> None:
    server, cert = https_server
    config = Configuration(host=server.url)
    config.ssl_ca_cert = cert
    server.respond(200, {"multi_user": True})
    with ApiClient(config) as client:
        assert HealthzServiceApi(client).get_healthz().multi_user is True
    assert server.last.path == "/apis/v1beta1/healthz"


def test_tls_without_verification_warns_and_works(https_server: Any) -> None:
    server, _ = https_server
    config = Configuration(host=server.url)
    config.verify_ssl = False
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        with ApiClient(config) as client:
            for _ in range(3):
                HealthzServiceApi(client).get_healthz()
    assert [str(w.message) for w in record] == [
        f"TLS certificate verification is disabled for {server.url} (Configuration.verify_ssl is "
        "False): the connection can be intercepted."]
    assert len(server.requests) == 3


def test_tls_server_name_is_used_for_sni_and_verification(https_server: Any) -> None:
    server, cert = https_server
    config = Configuration(host=server.url.replace("127.0.0.1", "localhost"))
    config.ssl_ca_cert = cert
    config.tls_server_name = "127.0.0.1"  # the name in the certificate, as kubeconfig allows
    with ApiClient(config) as client:
        HealthzServiceApi(client).get_healthz()
    assert server.last.path == "/apis/v1beta1/healthz"
