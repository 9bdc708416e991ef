"""One ApiClient shared by threads, and the lifecycle of ``async_req`` pools.

8 threads share one client against the stub, each creating, reading, listing (filtered by its
own name prefix), archiving and deleting its own experiments, plus synchronous and
``async_req`` healthz calls; every answer must belong to the thread that asked. A subprocess
that leaves ``async_req`` pools open (never calls ``close()``) must still exit promptly.
"""
import json
import subprocess
import sys
import textwrap
import threading
from typing import Any, Dict, Iterator, List

import pytest

import kfp_server_api
from kfp_server_api.stub import StubServer

THREADS = 8
ROUNDS = 12


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    """A private stub server for this module."""
    with StubServer() as server:
        yield server


def _prefix_filter(prefix: str) -> str:
    return json.dumps({"predicates": [{"key": "name", "op": "IS_SUBSTRING", "string_value": prefix}]})


def _worker(client: Any, tid: int, problems: List[str], counts: Dict[int, int]) -> None:
    exps = kfp_server_api.ExperimentServiceApi(client)
    health = kfp_server_api.HealthzServiceApi(client)
    prefix = f"thread-{tid}-"
    mine: Dict[str, str] = {}
    try:
        for i in range(ROUNDS):
            name = f"{prefix}{i}"
            created = exps.create_experiment(kfp_server_api.ApiExperiment(name=name, description=f"by {tid}"))
            mine[created.id] = name
            got = exps.get_experiment(created.id)
            if (got.id, got.name, got.description) != (created.id, name, f"by {tid}"):
                problems.append(f"thread {tid}: get_experiment({created.id}) -> {got.name!r}")
            pending = exps.list_experiment(filter=_prefix_filter(prefix), page_size=100, async_req=True)
            health.get_healthz()
            listed = {e.id: e.name for e in pending.get(30).experiments or []}
            if listed != mine:
                problems.append(f"thread {tid}: list -> {sorted(listed.values())}, expected {sorted(mine.values())}")
            if i % 3 == 0:
                exps.archive_experiment(created.id)
                state = exps.get_experiment(created.id).storage_state
                if str(state) != "STORAGESTATE_ARCHIVED":
                    problems.append(f"thread {tid}: archived experiment has storage_state {state}")
            if i % 4 == 1:
                exps.delete_experiment(created.id)
                del mine[created.id]
            counts[tid] = counts.get(tid, 0) + 4 + 2 * (i % 3 == 0) + (i % 4 == 1)
    except Exception as error:  # noqa: BLE001 - reported as a failure below
        problems.append(f"thread {tid}: {type(error).__name__}: {error}")


def test_shared_client_gives_uncrossed_results(stub: StubServer, report: Any) -> None:
    problems: List[str] = []
    counts: Dict[int, int] = {}
    with kfp_server_api.ApiClient(kfp_server_api.Configuration(host=stub.url), pool_threads=4) as client:
        threads = [threading.Thread(target=_worker, args=(client, t, problems, counts)) for t in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not any(t.is_alive() for t in threads), "a worker hung"
        assert problems == []
        # Final state: exactly the experiments each thread kept.
        everything = kfp_server_api.ExperimentServiceApi(client).list_experiment(
            filter=_prefix_filter("thread-"), page_size=200).experiments or []
    kept_per_thread = ROUNDS - len([i for i in range(ROUNDS) if i % 4 == 1])
    assert len(everything) == THREADS * kept_per_thread
    assert len({e.id for e in everything}) == len(everything)
    calls = sum(counts.values())
    report(f"{THREADS} threads x {ROUNDS} rounds on one ApiClient: {calls} calls "
           f"(create/get/list async/healthz/archive/delete), 0 crossed results, {len(everything)} experiments left")


def test_close_shuts_the_async_pool_and_the_client_can_start_again(stub: StubServer) -> None:
    with stub.api_client() as client:
        api = kfp_server_api.HealthzServiceApi(client)
        assert api.get_healthz(async_req=True).get(30).multi_user is False
        assert client.pool.started
        client.close()
        assert not client.pool.started
        assert api.get_healthz(async_req=True).get(30).multi_user is False


def test_interpreter_exits_with_open_async_pools(stub: StubServer, report: Any) -> None:
    script = textwrap.dedent(f"""
        import kfp_server_api
        clients = [kfp_server_api.ApiClient(kfp_server_api.Configuration(host={stub.url!r}), pool_threads=4)
                   for _ in range(3)]
        results = [kfp_server_api.HealthzServiceApi(c).get_healthz(async_req=True) for c in clients for _ in range(5)]
        print(sum(1 for r in results if r.get(30).multi_user is False))
        # no close(): the pools must not keep the interpreter alive
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=10)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "15"
    report("subprocess with 3 unclosed async_req pools (15 calls) exited cleanly within the 10 s bound")


def test_async_calls_raise_the_same_clear_errors(stub: StubServer, closed_port: int) -> None:
    """``async_req=True`` results re-raise what the call raised (HTTP error, refused connection)."""
    with stub.api_client() as client:
        pending = kfp_server_api.RunServiceApi(client).get_run("no-such-run", async_req=True)
        with pytest.raises(kfp_server_api.exceptions.NotFoundException) as caught:
            pending.get(30)
        assert caught.value.status == 404 and pending.ready() and not pending.successful()
    config = kfp_server_api.Configuration(host=f"http://127.0.0.1:{closed_port}")
    config.retries = False
    with kfp_server_api.ApiClient(config) as client:
        pending = kfp_server_api.HealthzServiceApi(client).get_healthz(async_req=True)
        with pytest.raises(kfp_server_api.exceptions.ApiConnectionError):
            pending.get(30)
