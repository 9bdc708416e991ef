"""How ``kfp.Client`` 1.8.22 is set up in real deployments, on top of this package.

* Kubeflow multi-user: kfp reads ``~/.config/kfp/context.json`` (namespace, an identity header
  such as ``kubeflow-userid`` set by the ingress in front of the API) and passes the header
  to ``kfp_server_api.ApiClient``; the stub runs in multi-user mode and checks it.
* In-cluster auth: ``kfp.Client(credentials=ServiceAccountTokenVolumeCredentials(path))``
  installs a refresh hook that re-reads the projected token file; this package must call it
  before every request and send what it put in the live Configuration.
* A host with a path prefix (an ingress serving the API under ``/pipeline``, wanting the
  Dex/authservice session cookie): kfp appends the API paths to it verbatim and this package
  sends ``cookies=`` as the ``Cookie`` header.
* No ``host``: kfp loads the kubeconfig into this package's Configuration (the kubernetes
  client sets its attributes) and talks through the API server's service proxy path.
* ``create_run_from_pipeline_func`` with the experiment named by the environment.
* ``ssl_ca_cert=`` against a stub over HTTPS; ``proxy=``: requests go through the proxy.
* ``import kfp`` (which imports this package eagerly) starts no thread and does not load the stub.
* A host where nothing listens: ``kfp.Client()`` must fail at once (kfp retries its healthz
  call only on ``ApiException``), with the ``MaxRetryError`` users of 1.8.5 caught.
"""
import contextlib
import json
import os
import socket
import threading
import types
from typing import Any, Dict, Iterator, Optional

import pytest
from kfp18_clock import kfp_sleep_on_stub_clock

import kfp_server_api

ALICE, BOB = "alice@example.com", "bob@example.com"


@pytest.fixture
def kfp_context(kfp: types.ModuleType) -> Iterator[Any]:
    """Write kfp's context file (a dict) for the test; removed afterwards."""
    path = kfp.Client.LOCAL_KFP_CONTEXT

    def write(settings: Dict[str, Any]) -> None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(settings, f)

    yield write
    if os.path.exists(path):
        os.remove(path)


def test_multi_user_identity_and_namespace_from_context(kfp: types.ModuleType, kfp_context: Any,
                                                        packages: Any) -> None:
    """Identity header and namespace come from kfp's context file; the stub enforces them."""
    from kfp_server_api.stub import StubServer

    with StubServer(multi_user=True, users={ALICE: ["team-a"], BOB: ["team-b"]}) as stub:
        kfp_context({
            "namespace": "team-a",
            "client_authentication_header_name": "kubeflow-userid",
            "client_authentication_header_value": ALICE,
        })
        alice = kfp.Client(host=stub.url)
        assert alice.get_user_namespace() == "team-a"
        assert alice.get_kfp_healthz().multi_user is True

        experiment = alice.create_experiment("alice-exp", namespace="team-a")
        assert {r.key.type: r.key.id for r in experiment.resource_references}["NAMESPACE"] == "team-a"
        listed = alice.list_experiments(namespace="team-a")
        assert [e.name for e in listed.experiments] == ["alice-exp"]
        assert alice.get_experiment(experiment_name="alice-exp", namespace="team-a").id == experiment.id
        result = alice.create_run_from_pipeline_package(packages.greeter, {"who": "alice"}, run_name="alice-run",
                                                        experiment_name="alice-exp", namespace="team-a")
        runs = alice.list_runs(namespace="team-a").runs
        assert [(r.id, r.name) for r in runs] == [(result.run_id, "alice-run")]
        assert [r.name for r in alice.list_runs(experiment_id=experiment.id).runs] == ["alice-run"]

        # Another identity, same namespace: the server refuses.
        kfp_context({"namespace": "team-a", "client_authentication_header_name": "kubeflow-userid",
                     "client_authentication_header_value": BOB})
        bob = kfp.Client(host=stub.url)
        with pytest.raises(kfp_server_api.ApiException) as info:
            bob.list_experiments(namespace="team-a")
        assert info.value.status in (401, 403)
        with pytest.raises(kfp_server_api.ApiException) as info:
            bob.get_run(result.run_id)
        assert info.value.status in (401, 403)
        assert bob.list_experiments(namespace="team-b").experiments is None  # his own, still empty

        # No identity header at all.
        kfp_context({"namespace": "team-a"})
        anonymous = kfp.Client(host=stub.url)
        with pytest.raises(kfp_server_api.ApiException) as info:
            anonymous.list_experiments(namespace="team-a")
        assert info.value.status == 401


def test_service_account_token_file_is_read_per_request(kfp: types.ModuleType, tmp_path: Any) -> None:
    """kfp's credentials hook runs before every request; a rotated token is used at once."""
    from kfp.auth import ServiceAccountTokenVolumeCredentials

    from kfp_server_api.stub import StubServer

    token_file = tmp_path / "token"
    token_file.write_text("first-token\n")
    with StubServer(token="first-token") as stub:
        client = kfp.Client(host=stub.url, credentials=ServiceAccountTokenVolumeCredentials(str(token_file)))
        assert client.create_experiment("with-projected-token").name == "with-projected-token"

        # The kubelet rotates the projected token; the same client picks the new one up.
        stub.app.token = "second-token"
        token_file.write_text("second-token\n")
        assert "with-projected-token" in [e.name for e in client.list_experiments().experiments]

        token_file.write_text("stale-token\n")
        with pytest.raises(kfp_server_api.ApiException) as info:
            client.list_experiments()
        assert info.value.status == 401


@contextlib.contextmanager
def serving(app: Any, ssl_context: Any = None) -> Iterator[str]:
    """Serve a stub app (or a wrapper with the same ``handle``) on another loopback port; its URL."""
    from kfp_server_api.stub.server import HTTPServer

    server = HTTPServer(("127.0.0.1", 0), app, quiet=True)
    if ssl_context is not None:
        server.socket = ssl_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if ssl_context else 'http'}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _Ingress:
    """The stub app behind an ingress: served under ``prefix``, only with the session cookie (if any)."""

    def __init__(self, app: Any, prefix: str, cookie: Optional[str] = None) -> None:
        self.app = app
        self.prefix = prefix
        self.cookie = cookie
        self.paths: list = []

    def handle(self, environ: Dict[str, Any]) -> Any:
        path = environ["PATH_INFO"]
        self.paths.append(path)
        if self.cookie is not None and environ.get("HTTP_COOKIE") != self.cookie:
            return 403, b"no session", "text/plain; charset=utf-8"
        if not path.startswith(self.prefix + "/"):
            return 404, b"no route", "text/plain; charset=utf-8"
        return self.app.handle(dict(environ, PATH_INFO=path[len(self.prefix):]))


def test_host_with_path_prefix_and_session_cookie(kfp: types.ModuleType, packages: Any) -> None:
    """API paths go under the host's path prefix; ``cookies=`` is sent as the Cookie header."""
    from kfp_server_api.stub import StubServer

    cookie = "authservice_session=abc123"
    with StubServer() as stub:
        ingress = _Ingress(stub.app, "/pipeline", cookie)
        with serving(ingress) as url:
            host = url + "/pipeline/"  # kfp strips the slash
            client = kfp.Client(host=host, cookies=cookie)
            pipeline = client.upload_pipeline(packages.greeter, pipeline_name="behind-ingress")
            experiment = client.create_experiment("behind-ingress")
            run = client.run_pipeline(experiment.id, "run-behind-ingress", pipeline_id=pipeline.id)
            assert client.get_run(run.id).run.name == "run-behind-ingress"
            # No cookie: the ingress answers 403, an ApiException, so kfp retries healthz 5 times
            # (its sleeps moved to the stub clock) and gives up.
            with kfp_sleep_on_stub_clock(stub) as clock, pytest.raises(TimeoutError, match="healthz"):
                kfp.Client(host=host)
            assert clock.sleeps == [5] * 5
    assert ingress.paths[0] == "/pipeline/apis/v1beta1/healthz"
    assert all(p.startswith("/pipeline/apis/v1beta1/") for p in ingress.paths)


def test_no_host_uses_the_kubeconfig(kfp: types.ModuleType) -> None:
    """Without ``host`` kfp loads ~/.kube/config into our Configuration and goes through the API server proxy."""
    from kfp_server_api.stub import StubServer

    proxy_path = "/api/v1/namespaces/kubeflow/services/ml-pipeline:http/proxy"  # kfp's KUBE_PROXY_PATH
    kubeconfig = os.path.expanduser("~/.kube/config")  # HOME is the tests' temporary directory
    with StubServer(token="kube-token") as stub:
        apiserver = _Ingress(stub.app, proxy_path)
        with serving(apiserver) as url:
            os.makedirs(os.path.dirname(kubeconfig), exist_ok=True)
            with open(kubeconfig, "w", encoding="utf-8") as f:
                json.dump({
                    "apiVersion": "v1", "kind": "Config", "current-context": "test",
                    "clusters": [{"name": "test", "cluster": {"server": url}}],
                    # kubernetes stores "Bearer kube-token" in api_key with no prefix: sent verbatim.
                    "users": [{"name": "test", "user": {"token": "kube-token"}}],
                    "contexts": [{"name": "test", "context": {"cluster": "test", "user": "test"}}],
                }, f)
            try:
                client = kfp.Client()
                assert client.create_experiment("via-kubeconfig").name == "via-kubeconfig"
            finally:
                os.remove(kubeconfig)
    assert apiserver.paths[0] == proxy_path + "/apis/v1beta1/healthz"


@pytest.fixture
def tls_stub(kfp: types.ModuleType, tmp_path: Any) -> Iterator[Any]:
    """A stub served over HTTPS with a self-signed certificate for 127.0.0.1: (stub, url, cert path)."""
    import shutil
    import ssl
    import subprocess

    from kfp_server_api.stub import StubServer

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with StubServer() as stub, serving(stub.app, context) as url:
        yield stub, url, cert


def test_https_with_ssl_ca_cert(kfp: types.ModuleType, tls_stub: Any) -> None:
    """``ssl_ca_cert=`` is the CA bundle; without it the self-signed server is refused at once."""
    import urllib3

    stub, url, cert = tls_stub
    client = kfp.Client(host=url, ssl_ca_cert=cert)
    assert client.create_experiment("over-tls").name == "over-tls"
    # Not an ApiException, so kfp does not retry healthz (5 times, 5 s apart) on a bad certificate.
    with kfp_sleep_on_stub_clock(stub) as clock, pytest.raises(urllib3.exceptions.MaxRetryError) as info:
        kfp.Client(host=url)
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
    assert not isinstance(info.value, kfp_server_api.ApiException) and clock.sleeps == []


def test_run_from_pipeline_func(kfp: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook one-liner: compile, pick the experiment from the environment, run, wait."""
    import kfp18_pipelines as pipelines

    from kfp_server_api.stub import StubServer

    monkeypatch.setenv("KF_PIPELINES_DEFAULT_EXPERIMENT_NAME", "from-env")
    with StubServer(run_duration=10) as stub, kfp_sleep_on_stub_clock(stub):
        client = kfp.Client(host=stub.url)
        result = client.create_run_from_pipeline_func(pipelines.greeter, {"who": "notebook"}, run_name="nb-run")
        detail = result.wait_for_run_completion(timeout=60)
        assert (detail.run.id, detail.run.name, detail.run.status) == (result.run_id, "nb-run", "Succeeded")
        assert {p.name: p.value for p in detail.run.pipeline_spec.parameters} == {"who": "notebook"}
        experiment = client.get_experiment(experiment_name="from-env")
        assert [r.id for r in client.list_runs(experiment_id=experiment.id).runs] == [result.run_id]


def test_proxy(kfp: types.ModuleType) -> None:
    """``kfp.Client(proxy=...)`` sends every request through the proxy."""
    from kfp_server_api.stub import StubServer

    # The stub accepts absolute-form request targets, so it can stand in for a forward proxy
    # in front of itself; the host name does not resolve, so only the proxy can answer.
    with StubServer() as stub:
        client = kfp.Client(host="http://kfp-api.invalid:8888", proxy=stub.url)
        assert client.create_experiment("via-proxy").name == "via-proxy"
        assert [e.name for e in client.list_experiments(sort_by="name").experiments] == ["Default", "via-proxy"]


def test_unreachable_host_fails_fast(kfp: types.ModuleType) -> None:
    """Connection refused is a MaxRetryError, not an ApiException: kfp does not retry it."""
    import urllib3

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Nothing listens on the port now. kfp retries healthz 5 times, 5 s apart, but only on
    # ApiException; a connection error must not be one, so construction fails on the first try.
    with pytest.raises(urllib3.exceptions.MaxRetryError) as info:
        kfp.Client(host=f"http://127.0.0.1:{port}")
    assert not isinstance(info.value, kfp_server_api.ApiException)


def test_import_kfp_stays_light(kfp: types.ModuleType) -> None:
    """``import kfp`` imports this package eagerly: it must start no thread and leave the stub alone."""
    import subprocess
    import sys

    code = ("import sys, threading; import kfp, kfp_server_api; "
            "print(threading.active_count(), any(m.startswith('kfp_server_api.stub') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(kfp_server_api.__file__)))
    assert out.stdout.split() == ["1", "False"], out
