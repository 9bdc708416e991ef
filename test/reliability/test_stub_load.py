"""Load: 8 concurrent clients against the stub for a bounded time (about 5 s), once against
the in-process server (in-memory SQLite) and once against the CLI with ``--db FILE`` (WAL,
``synchronous=FULL``).

Each client (its own ApiClient, retries off so that any 5xx is seen) loops over a mix of
create/get/archive/delete of its own experiments and runs, plus full paginated walks of all
experiments and runs (small pages, several sort orders) while the others insert and delete.
Checked: no 5xx and no unexpected error; every get finds what its client created and did not
delete; no walk returns an id twice; at the end the stored experiments and runs are exactly
the ones created and not deleted (nothing lost, nothing duplicated), archived ones archived.
"""
import random
import threading
import time
from collections import Counter
from typing import Any, Dict, Iterator, List, Set

import pytest
from rel_support import seed

import kfp_server_api as k
from kfp_server_api.exceptions import ApiException
from kfp_server_api.stub import StubServer

CLIENTS = 8
SECONDS = 5.0
SORTS = ["", "name", "created_at desc", "name desc", "id"]


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    """A private stub server for this module."""
    with StubServer() as server:
        yield server


class Worker(threading.Thread):
    """One client's loop; results in ``created``, ``deleted``, ``archived``, ``problems``."""

    def __init__(self, wid: int, url: str, ids: Dict[str, str], deadline: float) -> None:
        super().__init__(name=f"load-{wid}")
        self.wid, self.url, self.ids, self.deadline = wid, url, ids, deadline
        self.rng = random.Random(wid)
        self.created: Dict[str, Set[str]] = {"experiments": set(), "runs": set()}
        self.deleted: Dict[str, Set[str]] = {"experiments": set(), "runs": set()}
        self.archived: Set[str] = set()
        self.names: Dict[str, str] = {}
        self.problems: List[str] = []
        self.ops: Counter = Counter()
        self.walk_pages = 0

    def run(self) -> None:
        config = k.Configuration(host=self.url)
        config.retries = False
        with k.ApiClient(config) as client:
            exps, runs = k.ExperimentServiceApi(client), k.RunServiceApi(client)
            n = 0
            while time.monotonic() < self.deadline:
                n += 1
                action = self.rng.choice(["create_exp", "create_exp", "create_run", "create_run", "get", "get",
                                          "archive", "delete_exp", "delete_run", "walk"])
                try:
                    self._step(action, n, exps, runs)
                except ApiException as error:
                    self.problems.append(f"{action}: {type(error).__name__} {error}")
                except Exception as error:  # noqa: BLE001 - any other error is a finding
                    self.problems.append(f"{action}: {type(error).__name__}: {error}")
                self.ops[action] += 1

    def _live(self, kind: str) -> List[str]:
        return sorted(self.created[kind] - self.deleted[kind])

    def _step(self, action: str, n: int, exps: Any, runs: Any) -> None:
        if action == "create_exp":
            name = f"load-{self.wid}-{n}"
            exp = exps.create_experiment(k.ApiExperiment(name=name))
            self.created["experiments"].add(exp.id)
            self.names[exp.id] = name
        elif action == "create_run":
            name = f"load-run-{self.wid}-{n}"
            owner = [k.ApiResourceReference(key=k.ApiResourceKey(type="EXPERIMENT", id=self.ids["experiment"]),
                                            relationship="OWNER")]
            run = runs.create_run(k.ApiRun(name=name, resource_references=owner,
                                           pipeline_spec=k.ApiPipelineSpec(pipeline_id=self.ids["pipeline"]))).run
            self.created["runs"].add(run.id)
            self.names[run.id] = name
        elif action == "get":
            for kind, getter in (("experiments", exps.get_experiment), ("runs", lambda i: runs.get_run(i).run)):
                live = self._live(kind)
                if live:
                    rid = self.rng.choice(live)
                    got = getter(rid)
                    if (got.id, got.name) != (rid, self.names[rid]):
                        self.problems.append(f"get {rid}: got {got.id} {got.name!r}")
        elif action == "archive":
            live = [e for e in self._live("experiments") if e not in self.archived]
            if live:
                eid = self.rng.choice(live)
                exps.archive_experiment(eid)
                self.archived.add(eid)
        elif action in ("delete_exp", "delete_run"):
            kind = "experiments" if action == "delete_exp" else "runs"
            live = self._live(kind)
            if live:
                rid = self.rng.choice(live)
                (exps.delete_experiment if kind == "experiments" else runs.delete_run)(rid)
                self.deleted[kind].add(rid)
        else:
            sort = self.rng.choice(SORTS)
            for kind, lister in (("experiments", exps.list_experiment), ("runs", runs.list_runs)):
                seen: List[str] = []
                token = ""
                while True:
                    page = lister(page_size=7, page_token=token, sort_by=sort)
                    self.walk_pages += 1
                    seen += [item.id for item in getattr(page, kind) or []]
                    token = page.next_page_token or ""
                    if not token:
                        break
                dupes = [i for i, c in Counter(seen).items() if c > 1]
                if dupes:
                    self.problems.append(f"walk of {kind} sorted by {sort!r} returned {dupes} twice")


def _all(lister: Any, kind: str) -> List[Any]:
    items: List[Any] = []
    token = ""
    while True:
        page = lister(page_size=200, page_token=token)
        items += getattr(page, kind) or []
        token = page.next_page_token or ""
        if not token:
            return items


@pytest.mark.parametrize("server", ["in-process", "cli --db"])
def test_concurrent_clients_lose_and_duplicate_nothing(server: str, stub: StubServer, stub_cli: Any, tmp_path: Any,
                                                       report: Any) -> None:
    if server == "in-process":
        stub.reset()
        url = stub.url
    else:
        url = stub_cli("--db", str(tmp_path / "load.db")).url
    config = k.Configuration(host=url)
    with k.ApiClient(config) as client:
        ids = seed(client, tag="load")
    deadline = time.monotonic() + SECONDS
    workers = [Worker(w, url, ids, deadline) for w in range(CLIENTS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert not any(w.is_alive() for w in workers), "a client hung"
    problems = [f"client {w.wid}: {p}" for w in workers for p in w.problems]
    assert problems == [], "\n".join(problems[:20])

    with k.ApiClient(config) as client:
        experiments = _all(k.ExperimentServiceApi(client).list_experiment, "experiments")
        runs = _all(k.RunServiceApi(client).list_runs, "runs")
    stored_exps = Counter(e.id for e in experiments)
    stored_runs = Counter(r.id for r in runs)
    assert max(stored_exps.values()) == 1 and max(stored_runs.values()) == 1, "duplicated records"
    expected_exps = set().union(*(w.created["experiments"] - w.deleted["experiments"] for w in workers))
    expected_runs = set().union(*(w.created["runs"] - w.deleted["runs"] for w in workers))
    load_exps = {e.id for e in experiments if e.name.startswith("load-") and e.id != ids["experiment"]}
    assert load_exps == expected_exps, "lost or resurrected experiments"
    # (The seeded job may have started runs of its own: only the clients' runs are compared.)
    assert {r.id for r in runs if r.name.startswith("load-run-")} == expected_runs, "lost or resurrected runs"
    archived = set().union(*(w.archived for w in workers)) & expected_exps
    states = {e.id: str(e.storage_state) for e in experiments}
    assert all(states[e] == "STORAGESTATE_ARCHIVED" for e in archived)
    ops: Counter = Counter()
    for w in workers:
        ops.update(w.ops)
    report(f"{server}: {CLIENTS} clients for {SECONDS:.0f} s: {sum(ops.values()):,} operations ({dict(sorted(ops.items()))}), "
           f"{sum(w.walk_pages for w in workers):,} pages walked; 0 5xx, 0 duplicates in walks; final state "
           f"{len(expected_exps)} experiments / {len(expected_runs)} runs as expected "
           f"({sum(len(w.created['experiments']) for w in workers)} created, "
           f"{sum(len(w.deleted['experiments']) for w in workers)} deleted experiments)")
