"""Durability of ``--db FILE``: kill -9 the stub CLI while a thread streams writes, restart it on
the same file, and find every write that was acknowledged (2xx) before the kill.

Three cycles on one database file: each starts the server, streams writes from a thread
(``create_experiment``, and ``upload_pipeline``, whose pipeline and first version are one
transaction), kills the server with SIGKILL once some writes were acknowledged (the writer
keeps sending: one request is usually in flight), then restarts on the same file and lists
everything. No pipeline may exist without its version (no half-applied transaction).
"""
import threading
import time
from typing import Any, List, Tuple

from rel_support import PIPELINE_FILE

import kfp_server_api as k
from kfp_server_api.exceptions import ApiConnectionError, ApiException

CYCLES = 3
ACKED_BEFORE_KILL = 60


class Writer(threading.Thread):
    """Creates experiments until the server stops answering; ``acked`` holds the 2xx ids."""

    def __init__(self, url: str, cycle: int) -> None:
        super().__init__(name=f"writer-{cycle}")
        self.url, self.cycle = url, cycle
        #: (kind, id) of every acknowledged write.
        self.acked: List[Tuple[str, str]] = []
        self.attempts = 0
        self.errors: List[str] = []

    def run(self) -> None:
        config = k.Configuration(host=self.url)
        config.retries = False
        config.timeout = (2, 10)
        with open(PIPELINE_FILE, "rb") as f:
            package = f.read()
        with k.ApiClient(config) as client:
            api, uploads = k.ExperimentServiceApi(client), k.PipelineUploadServiceApi(client)
            while True:
                self.attempts += 1
                name = f"durable-{self.cycle}-{self.attempts}"
                try:
                    if self.attempts % 3:
                        self.acked.append(("experiment", api.create_experiment(k.ApiExperiment(name=name)).id))
                    else:
                        self.acked.append(("pipeline", uploads.upload_pipeline(("p.yaml", package), name=name).id))
                except ApiConnectionError:
                    return  # the server is gone
                except ApiException as error:
                    self.errors.append(str(error))
                    return


def _stored(url: str) -> List[Tuple[str, str]]:
    """(kind, id) of every experiment and pipeline; checks each pipeline has its version."""
    config = k.Configuration(host=url)
    out: List[Tuple[str, str]] = []
    with k.ApiClient(config) as client:
        for kind, lister, key in (("experiment", k.ExperimentServiceApi(client).list_experiment, "experiments"),
                                  ("pipeline", k.PipelineServiceApi(client).list_pipelines, "pipelines")):
            token = ""
            while True:
                page = lister(page_size=200, page_token=token)
                for item in getattr(page, key) or []:
                    out.append((kind, item.id))
                    if kind == "pipeline":
                        assert item.default_version and item.default_version.id, f"pipeline {item.id} without version"
                token = page.next_page_token or ""
                if not token:
                    break
    return out


def test_acknowledged_writes_survive_kill_9(stub_cli: Any, tmp_path: Any, report: Any) -> None:
    db = str(tmp_path / "state.db")
    acked: List[Tuple[str, str]] = []
    in_flight = 0
    for cycle in range(CYCLES):
        server = stub_cli("--db", db)
        # The database opened: every write acknowledged in earlier cycles is there.
        present = set(_stored(server.url))
        missing = [i for i in acked if i not in present]
        assert missing == [], f"cycle {cycle}: {len(missing)} acknowledged writes lost"
        writer = Writer(server.url, cycle)
        writer.start()
        while len(writer.acked) < ACKED_BEFORE_KILL and writer.is_alive():
            time.sleep(0.005)
        server.kill9()
        writer.join(30)
        assert not writer.is_alive() and writer.errors == []
        acked += writer.acked
        in_flight += writer.attempts - len(writer.acked)
    server = stub_cli("--db", db)
    stored = _stored(server.url)
    assert [i for i in acked if i not in set(stored)] == []
    assert len(stored) == len(set(stored))
    pipelines = sum(1 for kind, _ in acked if kind == "pipeline")
    report(f"{CYCLES} kill -9 cycles on one --db file: {len(acked)} acknowledged writes ({pipelines} pipeline "
           f"uploads), all present after restart; {in_flight} unacknowledged (in flight at the kill); "
           f"{len(stored)} experiments + pipelines stored, none half-written")
