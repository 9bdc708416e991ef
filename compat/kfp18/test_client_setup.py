"""How ``kfp.Client`` 1.8.22 is set up in real deployments, on top of this package.

* Kubeflow multi-user: kfp reads ``~/.config/kfp/context.json`` (namespace, an identity header
  such as ``kubeflow-userid`` set by the ingress in front of the API) and passes the header
  to ``kfp_server_api.ApiClient``; the stub runs in multi-user mode and checks it.
* A host with a path prefix (an ingress serving the API under ``/pipeline``): kfp appends the
  API paths to it verbatim.
* A host where nothing listens: ``kfp.Client()`` must fail at once (kfp retries its healthz
  call only on ``ApiException``), with the ``MaxRetryError`` users of 1.8.5 caught.
"""
import json
import os
import socket
import types
from typing import Any, Dict, Iterator

import pytest

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


def test_multi_user_identity_and_namespace_from_context(kfp: types.ModuleType, kfp_context: Any) -> None:
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

        # Another identity, same namespace: the server refuses.
        kfp_context({"namespace": "team-a", "client_authentication_header_name": "kubeflow-userid",
                     "client_authentication_header_value": BOB})
        bob = kfp.Client(host=stub.url)
        with pytest.raises(kfp_server_api.ApiException) as info:
            bob.list_experiments(namespace="team-a")
        assert info.value.status in (401, 403)

        # No identity header at all.
        kfp_context({"namespace": "team-a"})
        anonymous = kfp.Client(host=stub.url)
        with pytest.raises(kfp_server_api.ApiException) as info:
            anonymous.list_experiments(namespace="team-a")
        assert info.value.status == 401


class _Prefixed:
    """The stub app behind an ingress that serves it under ``prefix`` (and 404s elsewhere)."""

    def __init__(self, app: Any, prefix: str) -> None:
        self.app = app
        self.prefix = prefix
        self.paths: list = []

    def handle(self, environ: Dict[str, Any]) -> Any:
        path = environ["PATH_INFO"]
        self.paths.append(path)
        if not path.startswith(self.prefix + "/"):
            return 404, b"no route", "text/plain; charset=utf-8"
        return self.app.handle(dict(environ, PATH_INFO=path[len(self.prefix):]))


def test_host_with_path_prefix(kfp: types.ModuleType, packages: Any) -> None:
    from kfp_server_api.stub import StubServer
    from kfp_server_api.stub.server import HTTPServer

    with StubServer() as stub:
        ingress = _Prefixed(stub.app, "/pipeline")
        server = HTTPServer(("127.0.0.1", 0), ingress, quiet=True)
        import threading

        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            host = f"http://127.0.0.1:{server.server_address[1]}/pipeline/"  # kfp strips the slash
            client = kfp.Client(host=host)
            pipeline = client.upload_pipeline(packages.greeter, pipeline_name="behind-ingress")
            experiment = client.create_experiment("behind-ingress")
            run = client.run_pipeline(experiment.id, "run-behind-ingress", pipeline_id=pipeline.id)
            assert client.get_run(run.id).run.name == "run-behind-ingress"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
    assert ingress.paths[0] == "/pipeline/apis/v1beta1/healthz"
    assert all(p.startswith("/pipeline/apis/v1beta1/") for p in ingress.paths)


def test_unreachable_host_fails_fast(kfp: types.ModuleType) -> None:
    import urllib3

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Nothing listens on the port now. kfp retries healthz 5 times, 5 s apart, but only on
    # ApiException; a connection error must not be one, so construction fails on the first try.
    with pytest.raises(urllib3.exceptions.MaxRetryError) as info:
        kfp.Client(host=f"http://127.0.0.1:{port}")
    assert not isinstance(info.value, kfp_server_api.ApiException)
