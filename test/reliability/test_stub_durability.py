"""Durability of ``--db FILE``: kill -9 the stub CLI while a thread streams writes, restart it on
the same file, and find every write that was acknowledged (2xx) before the kill.

Three cycles on one database file: each starts the server, streams ``create_experiment``
calls from a thread, kills the server with SIGKILL once some writes were acknowledged (the
writer keeps sending: one request is usually in flight), then restarts on the same file and
lists everything.
"""
import threading
import time
from typing import Any, List

import kfp_server_api as k
from kfp_server_api.exceptions import ApiConnectionError, ApiException

CYCLES = 3
ACKED_BEFORE_KILL = 60


class Writer(threading.Thread):
    """Creates experiments until the server stops answering; ``acked`` holds the 2xx ids."""

    def __init__(self, url: str, cycle: int) -> None:
        super().__init__(name=f"writer-{cycle}")
        self.url, self.cycle = url, cycle
        self.acked: List[str] = []
        self.attempts = 0
        self.errors: List[str] = []

    def run(self) -> None:
        config = k.Configuration(host=self.url)
        config.retries = False
        config.timeout = (2, 10)
        with k.ApiClient(config) as client:
            api = k.ExperimentServiceApi(client)
            while True:
                self.attempts += 1
                try:
                    exp = api.create_experiment(k.ApiExperiment(name=f"durable-{self.cycle}-{self.attempts}"))
                except ApiConnectionError:
                    return  # the server is gone
                except ApiException as error:
                    self.errors.append(str(error))
                    return
                self.acked.append(exp.id)


def _all_ids(url: str) -> List[str]:
    config = k.Configuration(host=url)
    with k.ApiClient(config) as client:
        api = k.ExperimentServiceApi(client)
        ids: List[str] = []
        token = ""
        while True:
            page = api.list_experiment(page_size=200, page_token=token)
            ids += [e.id for e in page.experiments or []]
            token = page.next_page_token or ""
            if not token:
                return ids


def test_acknowledged_writes_survive_kill_9(stub_cli: Any, tmp_path: Any, report: Any) -> None:
    db = str(tmp_path / "state.db")
    acked: List[str] = []
    in_flight = 0
    for cycle in range(CYCLES):
        server = stub_cli("--db", db)
        # The database opened: every write acknowledged in earlier cycles is there.
        present = set(_all_ids(server.url))
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
    stored = _all_ids(server.url)
    assert [i for i in acked if i not in set(stored)] == []
    assert len(stored) == len(set(stored))
    report(f"{CYCLES} kill -9 cycles on one --db file: {len(acked)} acknowledged writes, all present after "
           f"restart; {in_flight} unacknowledged (in flight at the kill); {len(stored)} experiments stored")
