"""Helpers of the reliability suite: a raw loopback HTTP server whose answers are written
byte by byte (:class:`RawServer`), and the stub CLI as a subprocess (:class:`StubProcess`)."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

__all__ = ["Handler", "RawRequest", "RawServer", "http_response", "reset", "StubProcess", "json_body", "seed", "path_values"]


# -- a raw loopback HTTP server ------------------------------------------------------------


@dataclass
class RawRequest:
    """One request as received by :class:`RawServer`."""

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    #: ``time.monotonic()`` when the request had fully arrived (to measure retry gaps).
    at: float = 0.0


def http_response(status: int, body: bytes = b"", headers: Optional[Dict[str, str]] = None,
                  reason: str = "X", length: Optional[int] = None) -> bytes:
    """The bytes of one HTTP/1.1 response (``Connection: close``; ``length`` may lie)."""
    head = f"HTTP/1.1 {status} {reason}\r\n"
    for name, value in (headers or {}).items():
        head += f"{name}: {value}\r\n"
    head += f"Content-Length: {len(body) if length is None else length}\r\nConnection: close\r\n\r\n"
    return head.encode("latin-1") + body


def reset(conn: socket.socket) -> None:
    """Close ``conn`` with a TCP RST instead of a FIN (SO_LINGER 0)."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()


Handler = Callable[[socket.socket, RawRequest, "RawServer"], None]


@dataclass
class RawServer:
    """A loopback TCP server: reads one request per connection, then calls
    ``handler(conn, request, server)`` which writes whatever it likes; the connection is
    closed afterwards. ``requests`` lists what arrived (for counting attempts);
    ``stopping`` is set when the server stops (handlers that hang wait on it)."""

    handler: Handler
    requests: List[RawRequest] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.05)
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            request = _read_request(conn)
            if request is None:
                return
            with self._lock:
                self.requests.append(request)
            self.handler(conn, request, self)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def count(self, method: Optional[str] = None) -> int:
        """How many requests arrived (with that method)."""
        with self._lock:
            return sum(1 for r in self.requests if method is None or r.method == method)

    def gaps(self) -> List[float]:
        """Seconds between consecutive requests."""
        with self._lock:
            times = [r.at for r in self.requests]
        return [round(b - a, 2) for a, b in zip(times, times[1:])]

    def close(self) -> None:
        """Stop accepting; handlers waiting on ``stopping`` return."""
        self.stopping.set()
        self._thread.join()
        self._sock.close()


def _read_request(conn: socket.socket) -> Optional[RawRequest]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return RawRequest(method, path, headers, body, time.monotonic())


# -- the stub as a subprocess --------------------------------------------------------------


class StubProcess:
    """``python -m kfp_server_api.stub --port 0 ...`` in a subprocess; ``url`` once serving.

    stderr goes to a file (no pipe to fill up); :meth:`rss_kib` reads the process's resident
    memory from ``/proc/<pid>/status``.
    """

    def __init__(self, args: List[str], log_path: str, cwd: Optional[str] = None,
                 env: Optional[Dict[str, str]] = None) -> None:
        self._log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kfp_server_api.stub", "--port", "0", "--quiet", *args],
            stdout=subprocess.DEVNULL, stderr=self._log, cwd=cwd, env=env,
        )
        self.url = self._wait_url()

    def _wait_url(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with open(self._log_path, "rb") as f:
                match = re.search(rb"serving the KFP v1beta1 API on (\S+)", f.read())
            if match:
                return match.group(1).decode()
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        with open(self._log_path, "rb") as f:
            raise RuntimeError(f"the stub CLI did not start: {f.read()[-2000:]!r}")

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.proc.pid

    def memory_kib(self, field: str = "VmRSS") -> int:
        """A memory figure of ``/proc/<pid>/status`` in KiB: ``VmRSS`` (resident now) or
        ``VmHWM`` (peak resident)."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            match = re.search(field + r":\s+(\d+)", f.read())
        assert match, f"no {field} in /proc/{self.proc.pid}/status"
        return int(match.group(1))

    def kill9(self) -> None:
        """SIGKILL the server and wait for it."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self._log.close()

    def stop(self) -> None:
        """SIGTERM (SIGKILL after 10 s) and wait."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()


def json_body(value: Any) -> bytes:
    """Compact JSON bytes."""
    return json.dumps(value, separators=(",", ":")).encode()


# -- seeding a stub with one of everything -------------------------------------------------

PIPELINE_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                             "data", "pipelines", "arguments-parameters.yaml")


def seed(client: Any, namespace: Optional[str] = None, tag: str = "seed") -> Dict[str, str]:
    """Create an experiment, a pipeline (+ version), a run and a job through ``client``;
    returns their ids by name (``experiment``, ``pipeline``, ``version``, ``run``, ``job``,
    ``pipeline_name``, ``namespace``)."""
    import kfp_server_api as k

    exp_refs = []
    if namespace is not None:
        exp_refs = [k.ApiResourceReference(key=k.ApiResourceKey(type="NAMESPACE", id=namespace),
                                           relationship="OWNER")]
    exp = k.ExperimentServiceApi(client).create_experiment(
        k.ApiExperiment(name=f"{tag}-experiment", resource_references=exp_refs))
    with open(PIPELINE_FILE, "rb") as f:
        data = f.read()
    uploads = k.PipelineUploadServiceApi(client)
    pipeline = uploads.upload_pipeline(("p.yaml", data), name=f"{tag}-pipeline")
    version = uploads.upload_pipeline_version(("v.yaml", data), name=f"{tag}-version", pipelineid=pipeline.id)
    owner = [k.ApiResourceReference(key=k.ApiResourceKey(type="EXPERIMENT", id=exp.id), relationship="OWNER")]
    spec = k.ApiPipelineSpec(pipeline_id=pipeline.id, parameters=[k.ApiParameter(name="param1", value="x")])
    run = k.RunServiceApi(client).create_run(k.ApiRun(name=f"{tag}-run", pipeline_spec=spec,
                                                      resource_references=owner)).run
    job = k.JobServiceApi(client).create_job(k.ApiJob(
        name=f"{tag}-job", enabled=True, max_concurrency="1", pipeline_spec=spec, resource_references=owner,
        trigger=k.ApiTrigger(periodic_schedule=k.ApiPeriodicSchedule(interval_second="3600"))))
    return {"experiment": exp.id, "pipeline": pipeline.id, "version": version.id, "run": run.id, "job": job.id,
            "pipeline_name": pipeline.name, "namespace": namespace or "-"}


def path_values(template: str, ids: Dict[str, str]) -> Dict[str, str]:
    """Values of the path parameters of ``template`` that name the seeded resources."""
    kind = "run" if "/runs/" in template else "job" if "/jobs/" in template else \
        "pipeline" if "/pipelines/" in template else "experiment"
    values = {"id": ids[kind], "run_id": ids["run"], "node_id": "node-1", "artifact_name": "art",
              "version_id": ids["version"], "pipeline_id": ids["pipeline"], "namespace": ids["namespace"],
              "name": ids["pipeline_name"]}
    return {name: values[name] for name in re.findall(r"{(\w+)}", template)}
