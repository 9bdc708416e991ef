"""Fixtures of the stub contract tests.

By default the tests run against the bundled stub (the ``kfp_stub`` fixture of the package's
pytest plugin: one server per session, reset before each test). With ``KFP_TEST_HOST`` set
(and optionally ``KFP_TEST_TOKEN``) the same contract tests run against a real KFP API server;
tests that need the control API or the stub clock use the ``stub`` fixture and are skipped.

* ``client``: a configured :class:`kfp_server_api.ApiClient`.
* ``stub``: the :class:`~kfp_server_api.stub.StubServer` with its clock frozen (skips against a
  real server).
* ``http``: a tiny ``http.client`` helper for what the SDK cannot send (bad JSON, odd methods).
* ``apis``: the API classes bound to ``client`` (``apis.experiments``, ``apis.runs`` ...).
* ``uid``: a short unique suffix for names (real servers keep state between tests).
"""
from http import client as http_client
import json
import os
import types
import urllib.parse
import uuid
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

import kfp_server_api

REAL_HOST = os.environ.get("KFP_TEST_HOST")
REAL_TOKEN = os.environ.get("KFP_TEST_TOKEN")


class Http:
    """Raw HTTP calls to the server under test (JSON in, (status, headers, body) out)."""

    def __init__(self, base: str, token: Optional[str] = None) -> None:
        self.base = base
        self.token = token
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80

    def call(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None,
             raw: Optional[bytes] = None) -> Tuple[int, Dict[str, str], bytes]:
        """One request on a fresh connection."""
        conn = http_client.HTTPConnection(self.host, self.port, timeout=30)
        hdrs = dict(headers or {})
        if self.token and "authorization" not in {k.lower() for k in hdrs}:
            hdrs["authorization"] = f"Bearer {self.token}"
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if data is not None:
            hdrs.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def json(self, method: str, path: str, body: Any = None, **kw: Any) -> Tuple[int, Any]:
        """(status, decoded JSON body)."""
        status, _headers, data = self.call(method, path, body, **kw)
        return status, json.loads(data) if data else None


@pytest.fixture
def server_url(request: pytest.FixtureRequest) -> str:
    """Base URL of the server under test (starts/resets the stub unless KFP_TEST_HOST is set)."""
    if REAL_HOST:
        return REAL_HOST.rstrip("/")
    return request.getfixturevalue("kfp_stub").url


@pytest.fixture
def stub(request: pytest.FixtureRequest) -> Any:
    """The bundled stub server (control API, clock); skipped against a real server."""
    if REAL_HOST:
        pytest.skip("needs the stub's control API / clock (KFP_TEST_HOST is set)")
    server = request.getfixturevalue("kfp_stub")
    # Frozen: only advance_clock moves time, so intermediate run states are deterministic.
    server.freeze_clock()
    return server


@pytest.fixture
def client(server_url: str) -> Iterator[kfp_server_api.ApiClient]:
    """An ApiClient for the server under test."""
    config = kfp_server_api.Configuration(host=server_url)
    if REAL_TOKEN:
        config.api_key["authorization"] = REAL_TOKEN
        config.api_key_prefix["authorization"] = "Bearer"
    with kfp_server_api.ApiClient(config) as api_client:
        yield api_client


@pytest.fixture
def apis(client: kfp_server_api.ApiClient) -> types.SimpleNamespace:
    """Every API class bound to ``client``."""
    return types.SimpleNamespace(
        experiments=kfp_server_api.ExperimentServiceApi(client),
        runs=kfp_server_api.RunServiceApi(client),
        jobs=kfp_server_api.JobServiceApi(client),
        pipelines=kfp_server_api.PipelineServiceApi(client),
        uploads=kfp_server_api.PipelineUploadServiceApi(client),
        healthz=kfp_server_api.HealthzServiceApi(client),
        tasks=kfp_server_api.TaskServiceApi(client),
    )


@pytest.fixture
def http(server_url: str) -> Http:
    """Raw HTTP helper for the server under test."""
    return Http(server_url, REAL_TOKEN)


@pytest.fixture
def uid() -> str:
    """A short unique suffix."""
    return uuid.uuid4().hex[:8]


def error_of(exc: kfp_server_api.ApiException) -> Dict[str, Any]:
    """The decoded gateway error body of an ApiException."""
    return json.loads(exc.body)


ARGO_WORKFLOW = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-world-
spec:
  entrypoint: whalesay
  arguments:
    parameters:
    - name: message
      value: hello
    - name: count
  templates:
  - name: whalesay
    container:
      image: docker/whalesay
      command: [cowsay]
      args: ["{{workflow.parameters.message}}"]
"""

V2_PIPELINE = """\
components:
  comp-hello:
    executorLabel: exec-hello
deploymentSpec:
  executors:
    exec-hello:
      container:
        image: python:3.9
        command: [echo, hello]
pipelineInfo:
  name: hello-v2
root:
  dag:
    tasks:
      hello:
        componentRef:
          name: comp-hello
        taskInfo:
          name: hello
schemaVersion: 2.1.0
sdkVersion: kfp-2.0.0
"""
