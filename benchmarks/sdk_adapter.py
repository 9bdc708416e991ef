"""Everything the benchmarks need to know about the SDK and the stub, in one place.

The harness (``run.py``) only calls the functions here, so when a public name of the SDK or a
flag of the stub changes, this is the one file to adjust. Every function uses the *public* path a
user would hit (``ApiClient.deserialize``, the generated API methods, ``python -m
kfp_server_api.stub``), not internals, because that is what the figures are meant to describe.
"""
import contextlib
import json
import os
import re
import subprocess
import sys
import time
from typing import Any, Callable, List, Optional, Tuple

from procs import server_process

__all__ = [
    "DECODE_PATH",
    "ENCODE_PATH",
    "SEED_METHOD",
    "version",
    "list_runs_decoder",
    "make_run_objects",
    "body_encoder",
    "plain_encode",
    "experiment_getter",
    "stub_process",
    "create_experiment_http",
    "get_http",
    "seed_runs",
]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DECODE_PATH = "ApiClient().deserialize(response with .data, 'ApiListRunsResponse')"
ENCODE_PATH = "json.dumps(ApiClient().sanitize_for_serialization(runs), separators=(',', ':'), allow_nan=False).encode() (what call_operation does for a body)"
SEED_METHOD = ("in-memory Backend in-process: one transaction of Backend.insert_run (the call create_run makes) with the "
               "pipeline source resolved once, runs 1 s apart; every 10th run set Failed (Backend.set_run_status, the "
               "control API's call), every 20th archived (Backend.archive_run); sqlite3 backup to the file; then "
               "`python -m kfp_server_api.stub --db file`")


def version() -> str:
    """Installed SDK version (``"unavailable"`` if it cannot be imported)."""
    try:
        import kfp_server_api

        return getattr(kfp_server_api, "__version__", "unknown")
    except Exception as exc:  # reported, not fatal: the machine section must always be written
        return f"unavailable ({type(exc).__name__}: {exc})"


class _Response:
    """What ``ApiClient.deserialize`` reads from a transport response: ``data`` plus headers."""

    def __init__(self, body: bytes) -> None:
        self.data = body
        self.status = 200
        self.reason = "OK"
        self.headers = {"Content-Type": "application/json"}

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return default

    def getheaders(self) -> dict:
        return self.headers


def list_runs_decoder() -> Callable[[bytes], Any]:
    """``body -> ApiListRunsResponse`` through the SDK's public decode path."""
    from kfp_server_api.api_client import ApiClient

    client = ApiClient()
    return lambda body: client.deserialize(_Response(body), "ApiListRunsResponse")


def make_run_objects(runs: List[dict]) -> List[Any]:
    """SDK ``ApiRun`` objects equal to the wire dicts ``runs``."""
    from kfp_server_api.model_base import decode

    return [decode("ApiRun", r) for r in runs]


def body_encoder() -> Callable[[Any], bytes]:
    """``objects -> request body bytes`` the way the SDK builds a JSON request body."""
    from kfp_server_api.api_client import ApiClient

    client = ApiClient()
    return lambda objs: plain_encode(client.sanitize_for_serialization(objs))


def plain_encode(value: Any) -> bytes:
    """The baseline: ``json.dumps`` with the settings the SDK uses, then UTF-8."""
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode("utf-8")


def experiment_getter(host: str) -> Callable[[str], Any]:
    """``id -> ApiExperiment`` via ``ExperimentServiceApi.get_experiment`` on one keep-alive client."""
    from kfp_server_api import ApiClient, Configuration, ExperimentServiceApi

    api = ExperimentServiceApi(ApiClient(Configuration(host=host)))
    return lambda eid: api.get_experiment(eid)


_PORT_RE = re.compile(r"(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1?\]):(\d+)|PORT (\d+)")


def stub_process(db: Optional[str] = None, timeout: float = 30.0) -> "contextlib.AbstractContextManager[Tuple[subprocess.Popen, int]]":
    """``python -m kfp_server_api.stub`` on a free port (optionally on a ``--db`` file)."""
    argv = [sys.executable, "-m", "kfp_server_api.stub", "--port", "0", "--quiet"]
    if db:
        argv += ["--db", db]
    return server_process(argv, lambda proc: _wait_port(proc, timeout), merge_stderr=True)


def _wait_port(proc: subprocess.Popen, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    seen = []
    assert proc.stdout is not None  # started with stdout=PIPE
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        m = _PORT_RE.search(line)
        if m:
            port = int(m.group(1) or m.group(2))
            _wait_healthy(port, deadline)
            return port
    raise RuntimeError("stub did not report its port: " + "".join(seen)[-2000:])


def _wait_healthy(port: int, deadline: float) -> None:
    import urllib3

    pool = urllib3.HTTPConnectionPool("127.0.0.1", port, retries=False, timeout=2)
    while True:
        try:
            if pool.request("GET", "/apis/v1beta1/healthz").status == 200:
                return
        except urllib3.exceptions.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"stub on port {port} never became healthy")
        time.sleep(0.05)


def _pool(port: int) -> Any:
    import urllib3

    return urllib3.HTTPConnectionPool("127.0.0.1", port, retries=False, timeout=30)


def create_experiment_http(port: int, name: str) -> str:
    """Create an experiment over HTTP; returns its id."""
    r = _pool(port).request("POST", "/apis/v1beta1/experiments", body=json.dumps({"name": name, "description": "benchmark"}),
                            headers={"Content-Type": "application/json"})
    if r.status != 200:
        raise RuntimeError(f"create experiment: {r.status} {r.data[:500]!r}")
    return json.loads(r.data)["id"]


def get_http(port: int, path: str) -> bytes:
    """Body of ``GET path`` (must be 200)."""
    r = _pool(port).request("GET", path)
    if r.status != 200:
        raise RuntimeError(f"GET {path}: {r.status} {r.data[:500]!r}")
    return r.data


def seed_runs(db: str, n: int) -> str:
    """Fill a fresh stub ``--db`` file with ``n`` runs (half named ``train-*``) in one experiment; its id.

    Run ``i`` is named ``train-i`` (even ``i``) or ``eval-i``; ``i % 10 == 3`` is ``Failed`` and
    ``i % 20 == 7`` archived (both only ``eval-*`` runs), the others ``Succeeded``.

    Through the stub's own backend, in-process and in ONE transaction: the pipeline source is
    resolved once (every run uses the same manifest, as runs of one pipeline do) and each run is
    stored with ``Backend.insert_run``, the same call ``create_run`` makes. Creation times are one
    second apart, ending just before now, so ``created_at desc`` has a real order to follow.
    One ``create_run`` per HTTP request would take one fsync'ed transaction per run (minutes at 100k),
    so the backend works in memory and the result is copied to ``db`` with SQLite's backup API.
    """
    import sqlite3

    from kfp_server_api.stub import Backend
    from kfp_server_api.stub.clock import Clock

    clock = Clock(offset=-(n + 120))
    backend = Backend(None, clock=clock)
    try:
        exp = backend.create_experiment({"name": "scaling", "description": "benchmark"})
        manifest = json.dumps({
            "kind": "Workflow", "apiVersion": "argoproj.io/v1alpha1", "metadata": {"generateName": "bench-"},
            "spec": {"entrypoint": "main", "arguments": {"parameters": [{"name": "p"}]},
                     "templates": [{"name": "main", "container": {"image": "alpine", "command": ["echo", "{{workflow.parameters.p}}"]}}]},
        })
        body = {
            "name": "bench",
            "pipeline_spec": {"workflow_manifest": manifest, "parameters": [{"name": "p", "value": "1"}]},
            "resource_references": [{"key": {"type": "EXPERIMENT", "id": exp["id"]}, "relationship": "OWNER"}],
        }
        with backend.tx() as conn:
            eid, namespace = backend.resolve_experiment(conn, body, None, "run")
            source = backend.resolve_source(conn, body, "bench", namespace)
            ids = []
            for i in range(n):
                clock.advance(1)
                ids.append(backend.insert_run(
                    conn, name=f"{('train', 'eval')[i % 2]}-{i:06d}", description="benchmark run", namespace=namespace,
                    experiment_id=eid, source=source, service_account="pipeline-runner"))
        # Bring every run's status up to the real clock now, so the server's first request does
        # not pay for progressing 100k runs (that is seeding, not listing).
        clock.reset()
        with backend.tx():
            pass
        for i in range(3, n, 10):
            backend.set_run_status(ids[i], "Failed")
        for i in range(7, n, 20):
            backend.archive_run(ids[i])
        target = sqlite3.connect(db)
        try:
            backend.store.conn.backup(target)
        finally:
            target.close()
        return exp["id"]
    finally:
        backend.close()
