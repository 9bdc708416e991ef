"""Benchmark suite of kfp-server-api: every figure is a ratio to a baseline measured in the same run.

    python benchmarks/run.py [--quick] [--json PATH] [--only NAME[,NAME...]] [--old-client]

Figures (see ``FIGURES``): ``deserialize``, ``serialize``, ``per_call``, ``import``, ``memory``,
``stub_throughput``, ``stub_list_scaling``. Each is measured against a baseline on the same data
in the same process run (``json``, raw ``urllib3``, ``benchmarks/bare_server.py``), as the median
of several repetitions, so the ratios are comparable across machines while the absolute
numbers are not. Results are printed as a table and written as JSON (default
``benchmarks/results/latest.json``) together with a description of the machine.

``--quick`` shrinks sizes and repetitions so the whole suite takes a few seconds (the smoke test
runs it); its numbers are not meaningful, only that every figure can be computed.
"""
import argparse
import contextlib
import datetime
import functools
import gc
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import data  # noqa: E402  (sibling module; the benchmarks are scripts, not a package)
from procs import cpu_seconds, server_process  # noqa: E402
import sdk_adapter as sdk  # noqa: E402  (SDK/stub specifics, kept apart from the harness)
from timing import interleaved, median_seconds, paired_ratio  # noqa: E402

__all__ = ["main", "FIGURES", "Sizes"]

DEFAULT_JSON = os.path.join(HERE, "results", "latest.json")


# --- sizes ---------------------------------------------------------------------------------


class Sizes:
    """Problem sizes and repetition counts; ``Sizes(quick=True)`` is the smoke-test setting."""

    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.runs = 60 if quick else 2000  # runs in the list/serialize payloads
        self.reps = 3 if quick else 11  # repetitions whose median is reported
        self.calls = 100 if quick else 1500  # calls per per_call repetition
        self.import_reps = 3 if quick else 25
        self.load_seconds = 0.6 if quick else 3.0
        self.load_rounds = 1 if quick else 3
        self.distinct_paths = 600 if quick else 2000  # > the stub's 512-answer cache
        self.list_sizes = (100, 2000) if quick else (1000, 100000)
        self.list_reps = 5 if quick else 21


# --- small helpers -------------------------------------------------------------------------


def figure(name: str, measured: float, baseline: float, unit: str, target: float, better: str, *,
           ratio: Optional[float] = None, **extra: Any) -> Dict[str, Any]:
    """One result row. ``better`` is ``"lower"`` (ratio <= target passes) or ``"higher"``."""
    if ratio is None:
        ratio = measured / baseline if baseline else math.inf
    ok = ratio <= target if better == "lower" else ratio >= target
    row = {"figure": name, "measured": measured, "baseline": baseline, "unit": unit, "ratio": ratio,
           "target": target, "better": better, "pass": bool(ok)}
    row.update(extra)
    return row


def _port_line(proc: subprocess.Popen) -> int:
    assert proc.stdout is not None and proc.stderr is not None  # started with PIPEs
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        raise RuntimeError(f"server did not start: {line!r} {proc.stderr.read()[:2000]}")
    return int(line.split()[1])


@contextlib.contextmanager
def bare_server(routes: Dict[Tuple[str, str], bytes]) -> Iterator[Tuple[subprocess.Popen, int]]:
    """``benchmarks/bare_server.py`` in its own process, serving ``routes``."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, os.path.join(HERE, "bare_server.py")]
        for i, ((method, path), body) in enumerate(routes.items()):
            fname = os.path.join(tmp, f"body{i}.json")
            with open(fname, "wb") as f:
                f.write(body)
            argv += ["--route", method, path, fname]
        with server_process(argv, _port_line) as served:
            yield served


# --- figures -------------------------------------------------------------------------------


def fig_deserialize(sz: Sizes) -> Dict[str, Any]:
    """Decode a ListRuns page through the SDK and read every field, vs json.loads + the same walk on dicts."""
    body = data.list_runs_body(data.make_runs(sz.runs))
    plan = data.walk_plan()
    walk_obj, walk_dict = data.object_walker(plan), data.dict_walker(plan)
    decode = sdk.list_runs_decoder()
    # The walks must see the same number of fields, or the comparison is not like for like.
    n_obj, n_dict = walk_obj(decode(body), "apiListRunsResponse"), walk_dict(json.loads(body), "apiListRunsResponse")
    samples: Dict[str, List[float]] = {}
    t = interleaved({
        "sdk": lambda: walk_obj(decode(body), "apiListRunsResponse"),
        "json": lambda: walk_dict(json.loads(body), "apiListRunsResponse"),
        "json_loads_only": lambda: json.loads(body),
    }, sz.reps, clock=time.process_time, samples=samples)
    return figure("deserialize", t["sdk"] * 1e3, t["json"] * 1e3, "ms", 2.5, "lower",
                  ratio=paired_ratio(samples, "sdk", "json"),
                  payload_bytes=len(body), runs=sz.runs, fields_read=n_obj, fields_read_baseline=n_dict,
                  json_loads_only_ms=t["json_loads_only"] * 1e3,
                  ratio_vs_json_loads_only=t["sdk"] / t["json_loads_only"], path=sdk.DECODE_PATH, clock="process CPU time")


def fig_serialize(sz: Sizes) -> Dict[str, Any]:
    """ApiRun objects -> request body bytes through the SDK, vs json.dumps of the equivalent dicts."""
    runs = data.make_runs(sz.runs)
    objs = sdk.make_run_objects(runs)
    encode = sdk.body_encoder()
    sdk_bytes = encode(objs)
    # The same json.dumps settings on both sides, so the ratio is the SDK's own conversion cost.
    plain = sdk.plain_encode(runs)
    samples: Dict[str, List[float]] = {}
    t = interleaved({
        "sdk": lambda: encode(objs),
        "json": lambda: sdk.plain_encode(runs),
    }, sz.reps, clock=time.process_time, samples=samples)
    return figure("serialize", t["sdk"] * 1e3, t["json"] * 1e3, "ms", 1.5, "lower", runs=sz.runs,
                  ratio=paired_ratio(samples, "sdk", "json"),
                  sdk_body_bytes=len(sdk_bytes), json_body_bytes=len(plain), path=sdk.ENCODE_PATH, clock="process CPU time")


def fig_per_call(sz: Sizes) -> Dict[str, Any]:
    """get_experiment through the SDK vs urllib3 + json.loads, same keep-alive server."""
    import urllib3

    exp = data.make_experiment()
    path = f"/apis/v1beta1/experiments/{exp['id']}"
    body = json.dumps(exp, separators=(",", ":")).encode()
    with bare_server({("GET", path): body}) as (_, port):
        host = f"http://127.0.0.1:{port}"
        get_experiment = sdk.experiment_getter(host)
        pool = urllib3.PoolManager()
        url = host + path

        def raw() -> Any:
            r = pool.request("GET", url)
            if r.status != 200:
                raise RuntimeError(f"bare server answered {r.status}")
            return json.loads(r.data)

        got = get_experiment(exp["id"])
        if getattr(got, "name", None) != exp["name"]:
            raise RuntimeError(f"SDK returned {got!r}")

        def loop(fn: Callable[[], Any]) -> Callable[[], None]:
            def run() -> None:
                for _ in range(sz.calls):
                    fn()
            return run

        samples: Dict[str, List[float]] = {}
        t = interleaved({"sdk": loop(lambda: get_experiment(exp["id"])), "urllib3": loop(raw)}, sz.reps,
                        samples=samples)
    us = {k: v / sz.calls * 1e6 for k, v in t.items()}
    return figure("per_call", us["sdk"], us["urllib3"], "us/call", 1.2, "lower", calls_per_rep=sz.calls,
                  ratio=paired_ratio(samples, "sdk", "urllib3"),
                  body_bytes=len(body))


def _import_env() -> Dict[str, str]:
    """Environment of the import-time processes: bytecode cached, as after a normal ``pip install``.

    This machine sets PYTHONDONTWRITEBYTECODE, and an editable install has no .pyc files, so
    without this every run would compile the package from source and time the compiler. The
    cache goes to a prefix directory outside the working tree.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "kfp-bench-pycache")
    return env


def _python_ms(code: str, env: Dict[str, str]) -> Tuple[float, float]:
    """(CPU ms, wall ms) of ``python -c code`` in a fresh process.

    CPU time (user + system of the child) is the figure: on a shared 2-core machine wall time
    also counts the moments the child waited for a core, which says nothing about the import.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, env=env)
    wall = (time.perf_counter() - t) * 1e3
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3
    return cpu, wall


#: What a program that uses the SDK imports: the lazy package resolves these on first access.
_SDK_USE = "from kfp_server_api import ApiClient, Configuration, RunServiceApi, ExperimentServiceApi, ApiRun"


#: A fresh process that imports urllib3, then the SDK's names, and prints the CPU time of each step.
_STAGED = ("import time\nt0 = time.process_time()\nimport urllib3\nt1 = time.process_time()\n"
           + _SDK_USE + "\nt2 = time.process_time()\nprint(repr((t1 - t0) * 1e3), repr((t2 - t1) * 1e3))")


def fig_import(sz: Sizes) -> Dict[str, Any]:
    """Cold SDK import vs ``import urllib3``, in fresh processes.

    ``import kfp_server_api`` alone is lazy (PEP 562) and loads almost nothing, so the figure
    times what a program really pays: the package plus the names it uses (``_SDK_USE``), which
    pulls in urllib3 too. The verdict is what the SDK adds once urllib3 is imported, timed inside
    a fresh process (``_STAGED``: CPU time of ``import urllib3``, then of the SDK import right
    after it), the median over the repetitions. Whole processes (``python -c "import urllib3"``
    against ``python -c SDK``, interpreter start-up and exit included) are the second line: the
    same difference, but on this shared machine one process's CPU time varies by more than the
    SDK's whole import costs, so that estimate swings by +-15 ms between runs.
    """
    codes = {"empty": "pass", "urllib3": "import urllib3", "sdk": _SDK_USE, "sdk_bare": "import kfp_server_api"}
    env = _import_env()
    for code in list(codes.values()) + [_STAGED]:  # warm the OS page cache and write .pyc files first
        _python_ms(code, env)
    cpu: Dict[str, List[float]] = {k: [] for k in codes}
    wall: Dict[str, List[float]] = {k: [] for k in codes}
    staged_urllib3: List[float] = []
    staged_sdk: List[float] = []
    for _ in range(sz.import_reps):
        for k, code in codes.items():
            c, w = _python_ms(code, env)
            cpu[k].append(c)
            wall[k].append(w)
        u_ms, s_ms = _staged_ms(env)
        staged_urllib3.append(u_ms)
        staged_sdk.append(s_ms)
    med = {k: statistics.median(v) for k, v in cpu.items()}
    wmed = {k: statistics.median(v) for k, v in wall.items()}
    sdk_ms, urllib3_ms = med["sdk"] - med["empty"], med["urllib3"] - med["empty"]
    # Whole processes, paired: the two processes of one repetition run back to back.
    paired = statistics.median(s_ms - u_ms for s_ms, u_ms in zip(cpu["sdk"], cpu["urllib3"]))
    added = statistics.median(staged_sdk)
    base = statistics.median(staged_urllib3)
    return figure("import", base + added, base, "ms", 20.0, "lower", ratio=added, ratio_unit="ms more than urllib3",
                  clock="CPU time of the process (user+sys)", measured_code=_SDK_USE,
                  staged={"urllib3_ms": base, "sdk_added_ms": added, "sdk_added_ms_all": sorted(staged_sdk)},
                  whole_process={"sdk_ms": sdk_ms, "urllib3_ms": urllib3_ms, "paired_difference_ms": paired,
                                 "interpreter_startup_ms": med["empty"],
                                 "bare_import_kfp_server_api_ms": med["sdk_bare"] - med["empty"]},
                  wall_ms={"sdk": wmed["sdk"] - wmed["empty"], "urllib3": wmed["urllib3"] - wmed["empty"],
                           "difference": wmed["sdk"] - wmed["urllib3"]})


def _staged_ms(env: Dict[str, str]) -> Tuple[float, float]:
    """(CPU ms of ``import urllib3``, CPU ms of the SDK import after it) in one fresh process."""
    out = subprocess.run([sys.executable, "-c", _STAGED], check=True, cwd=tempfile.gettempdir(), env=env,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def _traced_bytes(build: Callable[[], Any]) -> Tuple[int, Any]:
    """Bytes still allocated after ``build()`` with its result kept alive."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = build()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before, kept


def fig_memory(sz: Sizes) -> Dict[str, Any]:
    """Bytes held per decoded ApiRun vs per plain json.loads dict, same data, results kept alive."""
    runs = data.make_runs(sz.runs)
    body = data.list_runs_body(runs)
    decode = sdk.list_runs_decoder()
    decode(data.list_runs_body(runs[:2]))  # first-use caches of the SDK are not per-run memory
    sdk_bytes, kept_sdk = _traced_bytes(lambda: decode(body))
    json_bytes, kept_json = _traced_bytes(lambda: json.loads(body))
    del kept_sdk, kept_json
    per_sdk, per_json = sdk_bytes / sz.runs, json_bytes / sz.runs
    return figure("memory", per_sdk, per_json, "bytes/run", 1.3, "lower", runs=sz.runs)


def fig_stub_throughput(sz: Sizes) -> Dict[str, Any]:
    """Requests/s of get_experiment against the stub vs bare_server with the same body, 8 keep-alive clients.

    Headline: the clients cycle through 2,001 experiments (no answer reuse); the same GET
    repeated is reported as ``with_answer_reuse``.
    """
    with sdk.stub_process() as (stub, port):
        eid = sdk.create_experiment_http(port, "throughput")
        path = f"/apis/v1beta1/experiments/{eid}"
        body = sdk.get_http(port, path)
        # The stub reuses GET answers (per path, at most 512, within one stub second). Cycling
        # through more experiments than that makes every answer a fresh one: the stub's cost
        # without reuse, reported next to the figure.
        many = [path] + [f"/apis/v1beta1/experiments/{sdk.create_experiment_http(port, f'throughput-{i}')}"
                         for i in range(sz.distinct_paths)]
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("\n".join(many))
        try:
            with bare_server({("GET", path): body}) as (bare, bport):
                # Rounds alternate between the servers so that load from other processes on this
                # shared machine lands on every side alike.
                stub_runs, bare_runs, fresh_runs = [], [], []
                for _ in range(sz.load_rounds):
                    stub_runs.append(_load(stub.pid, port, path, sz))
                    bare_runs.append(_load(bare.pid, bport, path, sz))
                    fresh_runs.append(_load(stub.pid, port, path, sz, paths_file=f.name))
        finally:
            os.unlink(f.name)
    # The headline is the stub building every answer (clients cycling through more experiments
    # than its answer reuse holds): what a test suite hitting many resources gets. The same GET
    # repeated (mostly served by reuse) is the second line, ``with_answer_reuse``.
    fresh_rps = statistics.median(r["rps"] for r in fresh_runs)
    bare_rps = statistics.median(r["rps"] for r in bare_runs)
    reuse_rps = statistics.median(r["rps"] for r in stub_runs)
    # Requests per server CPU-second: independent of whether a side was CPU-bound or waited on a
    # busy shared machine, so it tells whether the raw ratio was flattered by a capped baseline.
    fresh_eff = statistics.median(r["rps"] / max(r["server_cpu"], 1e-6) for r in fresh_runs)
    bare_eff = statistics.median(r["rps"] / max(r["server_cpu"], 1e-6) for r in bare_runs)
    reuse_eff = statistics.median(r["rps"] / max(r["server_cpu"], 1e-6) for r in stub_runs)
    row = figure("stub_throughput", fresh_rps, bare_rps, "req/s", 0.5, "higher", body_bytes=len(body), clients=8,
                  paths=len(many),
                  with_answer_reuse={"paths": 1, "rps": reuse_rps, "ratio": reuse_rps / bare_rps,
                                     "req_per_cpu_second": reuse_eff, "cpu_normalized_ratio": reuse_eff / bare_eff,
                                     "server_cpu": statistics.median(r["server_cpu"] for r in stub_runs)},
                  stub_req_per_cpu_second=fresh_eff, bare_req_per_cpu_second=bare_eff, cpu_normalized_ratio=fresh_eff / bare_eff,
                  seconds_per_round=sz.load_seconds, rounds=sz.load_rounds,
                  stub_server_cpu=statistics.median(r["server_cpu"] for r in fresh_runs),
                  stub_client_cpu=statistics.median(r["client_cpu"] for r in fresh_runs),
                  bare_server_cpu=statistics.median(r["server_cpu"] for r in bare_runs),
                  bare_client_cpu=statistics.median(r["client_cpu"] for r in bare_runs),
                  us_server_cpu_per_request={"stub": 1e6 / fresh_eff, "stub_with_reuse": 1e6 / reuse_eff,
                                             "bare": 1e6 / bare_eff},
                  errors=sum(r["errors"] for r in stub_runs + bare_runs + fresh_runs))
    # When the baseline server did not use most of a core (other work on the machine, or a
    # client that could not keep up) the raw ratio flatters the stub; the verdict then also
    # requires the CPU-normalised ratio, which does not depend on who waited for whom.
    if row["bare_server_cpu"] < 0.8:
        row["note"] = (f"baseline server used only {row['bare_server_cpu']:.0%} of a core: raw ratio is optimistic; "
                       f"CPU-normalised ratio {row['cpu_normalized_ratio']:.1%}")
        row["pass"] = bool(row["pass"] and row["cpu_normalized_ratio"] >= row["target"])
    return row


def _load(pid: int, port: int, path: str, sz: Sizes, paths_file: Optional[str] = None) -> Dict[str, Any]:
    """One load round from a separate process; adds the server's CPU use (cores) over the same window."""
    warmup = 0.3
    argv = [sys.executable, os.path.join(HERE, "loadgen.py"), "--port", str(port), "--path", path, "--clients", "8",
            "--duration", str(sz.load_seconds), "--warmup", str(warmup)]
    if paths_file:
        argv += ["--paths-file", paths_file]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Sample the server's CPU over roughly the measured window (after the client's warm-up).
    time.sleep(warmup + 0.15)
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    time.sleep(max(sz.load_seconds - 0.3, 0.1))
    c1, t1 = cpu_seconds(pid), time.perf_counter()
    out, err = proc.communicate(timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"load generator failed: {err[-2000:]}")
    result = json.loads(out)
    result["server_cpu"] = (c1 - c0) / (t1 - t0)
    if result["errors"]:
        raise RuntimeError(f"{result['errors']} non-200 answers, first: {result.get('first_error')!r}")
    return result


def _get_json(pool: Any, url: str) -> Any:
    """``GET url`` on a keep-alive pool; the decoded JSON of a 200, else an error."""
    r = pool.request("GET", url)
    if r.status != 200:
        raise RuntimeError(f"GET {url} answered {r.status}: {r.data[:500]!r}")
    return json.loads(r.data)


#: Substrings of "train-NNNNNN" that no "eval-NNNNNN" name contains: a different filter text for
#: each timed request of the IS_SUBSTRING variant, all with the same answer.
_TRAIN_ONLY = ("train", "t", "tr", "tra", "trai", "train-", "r", "ra", "rai", "rain", "rain-", "ai", "ain", "ain-",
               "i", "in", "in-", "n", "n-")


def _filter(op: str, key: str, value: str) -> str:
    return json.dumps({"predicates": [{"op": op, "key": key, "string_value": value}]})


def _runs_query(flt: str, experiment_id: str = "") -> str:
    params = {"sort_by": "created_at desc", "filter": flt, "page_size": "20"}
    if experiment_id:
        # The KFP UI's run list of one experiment.
        params = {"resource_reference_key.type": "EXPERIMENT", "resource_reference_key.id": experiment_id, **params}
    return "/apis/v1beta1/runs?" + urllib.parse.urlencode(params)


def _list_queries(n: int, experiment_id: str, substrings: Tuple[str, ...]) -> Dict[str, Tuple[List[str], Callable[[Dict[str, Any]], bool]]]:
    """name -> (request paths, check of a first page) for ``n`` runs seeded by ``sdk.seed_runs``."""

    def newest_first(runs: List[Dict[str, Any]], total: int) -> bool:
        created = [r.get("created_at", "") for r in runs]
        return len(runs) == min(20, total) and created == sorted(created, reverse=True)

    return {
        # KFP UI: runs of one experiment, newest first, archived ones hidden.
        "kfp_ui_experiment_not_archived": (
            [_runs_query(_filter("NOT_EQUALS", "storage_state", "STORAGESTATE_ARCHIVED"), experiment_id)],
            lambda p: (newest_first(p.get("runs", []), n - n // 20) and p["runs"][0]["name"] == f"eval-{n - 1:06d}"
                       and not any("storage_state" in r for r in p["runs"]) and p.get("total_size") == n - n // 20)),
        "status_equals_failed": (
            [_runs_query(_filter("EQUALS", "status", "Failed"))],
            lambda p: (newest_first(p.get("runs", []), n // 10) and p["runs"][0]["name"] == f"eval-{n - 7:06d}"
                       and all(r["status"] == "Failed" for r in p["runs"]) and p.get("total_size") == n // 10)),
        "name_is_substring": (
            [_runs_query(_filter("IS_SUBSTRING", "name", s)) for s in substrings],
            lambda p: (newest_first(p.get("runs", []), n // 2) and p["runs"][0]["name"] == f"train-{n - 2:06d}"
                       and all(r["name"].startswith("train-") for r in p["runs"]) and p.get("total_size") == n // 2)),
    }


#: The queries the verdict of ``stub_list_scaling`` is made of (the substring one is reported only).
_LIST_HEADLINE = ("kfp_ui_experiment_not_archived", "status_equals_failed")


def fig_stub_list_scaling(sz: Sizes) -> Dict[str, Any]:
    """First-page latency of list_runs (``created_at desc`` + a filter) at a small and a large stored run count.

    Three queries: the KFP UI's run list of one experiment (``storage_state NOT_EQUALS
    STORAGESTATE_ARCHIVED``, the headline), ``status EQUALS Failed`` over all runs, and
    ``name IS_SUBSTRING`` (reported, not part of the verdict: a substring count is a scan).
    Before every timed request an untimed write (a new experiment) changes the stub's state, so
    neither its answer reuse nor its count cache can serve the timed request: each one counts
    ``total_size`` and reads its page. Every page is checked (20 runs, newest first, the right
    first run and ``total_size``).
    """
    import urllib3

    small, large = sz.list_sizes
    substrings = _TRAIN_ONLY[: max(3, min(sz.list_reps, len(_TRAIN_ONLY)))]
    latency: Dict[str, Dict[int, float]] = {}
    repeated: Dict[int, float] = {}
    seed_s: Dict[int, float] = {}
    examples: Dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (small, large):
            db = os.path.join(tmp, f"runs{n}.db")
            t = time.perf_counter()
            eid = sdk.seed_runs(db, n)
            seed_s[n] = time.perf_counter() - t
            with sdk.stub_process(db) as (_, port):
                pool = urllib3.HTTPConnectionPool("127.0.0.1", port, maxsize=1)
                _get_json(pool, "/apis/v1beta1/runs?page_size=1")  # connection and server warm, no filter
                writes = 0
                for name, (paths, check) in _list_queries(n, eid, substrings).items():
                    examples[name] = paths[0]
                    times = []
                    for i in range(sz.list_reps):
                        writes += 1
                        sdk.create_experiment_http(port, f"write-{writes}")  # untimed: defeats reuse and count cache
                        path = paths[i % len(paths)]
                        t = time.perf_counter()
                        page = _get_json(pool, path)
                        times.append((time.perf_counter() - t) * 1e3)
                        if not check(page):
                            raise RuntimeError(f"unexpected first page of {name} at {n} runs: {json.dumps(page)[:500]}")
                    latency.setdefault(name, {})[n] = statistics.median(times)
                # For comparison: the UI query repeated with no write in between (served by reuse).
                repeat = functools.partial(_get_json, pool, examples[_LIST_HEADLINE[0]])
                repeated[n] = median_seconds(repeat, sz.list_reps, warmup=1) * 1e3
    queries = {
        name: {"ms": {str(small): v[small], str(large): v[large]}, "ratio": v[large] / v[small],
               "pass": v[large] / v[small] <= 3.0, "verdict": name in _LIST_HEADLINE, "example": examples[name]}
        for name, v in latency.items()
    }
    head = latency[_LIST_HEADLINE[0]]
    row = figure("stub_list_scaling", head[large], head[small], "ms", 3.0, "lower", stored_runs=[small, large],
                 queries=queries, timed_requests_per_query=sz.list_reps,
                 repeated_query_ms={str(small): repeated[small], str(large): repeated[large]},
                 repeated_query_ratio=repeated[large] / repeated[small],
                 seed_seconds={str(k): v for k, v in seed_s.items()}, seeding=sdk.SEED_METHOD)
    row["pass"] = all(queries[name]["pass"] for name in _LIST_HEADLINE)
    return row


FIGURES: Dict[str, Callable[[Sizes], Dict[str, Any]]] = {
    "deserialize": fig_deserialize,
    "serialize": fig_serialize,
    "per_call": fig_per_call,
    "import": fig_import,
    "memory": fig_memory,
    "stub_throughput": fig_stub_throughput,
    "stub_list_scaling": fig_stub_list_scaling,
}


# --- report --------------------------------------------------------------------------------


def machine() -> Dict[str, Any]:
    """Where the figures were measured."""
    import urllib3

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "urllib3": urllib3.__version__,
        "kfp_server_api": sdk.version(),
        "git_commit": commit,
    }


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        if not math.isfinite(x):
            return str(x)
        return f"{x:,.3g}" if abs(x) < 100 else f"{x:,.0f}"
    return str(x)


def _sublines(r: Dict[str, Any]) -> List[Tuple[str, ...]]:
    """Second lines of a figure: the reuse variant of the throughput, each list-scaling query."""
    out: List[Tuple[str, ...]] = []
    if r["figure"] == "stub_throughput":
        out.append(("  CPU-normalised", _fmt(r["stub_req_per_cpu_second"]), _fmt(r["bare_req_per_cpu_second"]),
                    "req/cpu-s", f"{r['cpu_normalized_ratio']:.1%}", "", ""))
        reuse = r["with_answer_reuse"]
        out.append(("  with answer reuse", _fmt(reuse["rps"]), _fmt(r["baseline"]), "req/s", f"{reuse['ratio']:.1%}",
                    "(info)", ""))
    if r["figure"] == "import":
        whole = r["whole_process"]
        out.append(("  whole processes", _fmt(whole["sdk_ms"]), _fmt(whole["urllib3_ms"]), "ms",
                    f"{_fmt(whole['paired_difference_ms'])} ms", "(info)", ""))
    if r["figure"] == "stub_list_scaling":
        small, large = (str(n) for n in r["stored_runs"])
        for name, q in r["queries"].items():
            out.append((f"  {name}", _fmt(q["ms"][large]), _fmt(q["ms"][small]), "ms", f"{_fmt(q['ratio'])}x",
                        "<= 3x" if q["verdict"] else "(info)", ("pass" if q["pass"] else "FAIL") if q["verdict"] else ""))
    return out


def print_table(rows: List[Dict[str, Any]]) -> None:
    """Figure, measured, baseline, ratio, target, pass/fail."""
    header = ("figure", "measured", "baseline", "unit", "ratio", "target", "result")
    lines = [header]
    for r in rows:
        if "error" in r:
            lines.append((r["figure"], "-", "-", "-", "-", "-", "ERROR"))
            continue
        op = "<=" if r["better"] == "lower" else ">="
        unit = " ms" if r["figure"] == "import" else "x"
        target = f"{op} {r['target']:g}{unit}"
        ratio = f"{_fmt(r['ratio'])}{unit}" if r["figure"] != "stub_throughput" else f"{r['ratio']:.1%}"
        if r["figure"] == "stub_throughput":
            target = f">= {r['target']:.0%}"
        lines.append((r["figure"], _fmt(r["measured"]), _fmt(r["baseline"]), r["unit"], ratio, target, "pass" if r["pass"] else "FAIL"))
        lines.extend(_sublines(r))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    for i, line in enumerate(lines):
        print("  ".join(str(c).ljust(w) for c, w in zip(line, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for r in rows:
        if "error" in r:
            print(f"\n{r['figure']}: ERROR {r['error']}")
        elif "note" in r:
            print(f"\n{r['figure']}: {r['note']}")


def main(argv: Optional[List[str]] = None) -> int:
    """Run the selected figures, print the table, write the JSON; exit 1 if a figure could not be measured."""
    parser = argparse.ArgumentParser(description="kfp-server-api benchmarks (ratios against same-run baselines)")
    parser.add_argument("--quick", action="store_true", help="small sizes and few repetitions (smoke test)")
    parser.add_argument("--json", default=DEFAULT_JSON, help=f"where to write results (default {os.path.relpath(DEFAULT_JSON, ROOT)})")
    parser.add_argument("--only", default="", help="comma-separated figure names: " + ", ".join(FIGURES))
    parser.add_argument("--old-client", action="store_true", help="also measure kfp-server-api 1.8.5 (needs a venv; see old_client.py)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    sz = Sizes(args.quick)
    rows = []
    started = time.perf_counter()
    for name in names:
        t = time.perf_counter()
        try:
            row = FIGURES[name](sz)
        except Exception as exc:  # a broken figure must not hide the others
            row = {"figure": name, "error": f"{type(exc).__name__}: {exc}"}
        row["seconds"] = round(time.perf_counter() - t, 2)
        rows.append(row)
        print(f"[{name}: {row['seconds']} s]", file=sys.stderr, flush=True)
    result: Dict[str, Any] = {
        "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(),
        "figures": {r["figure"]: r for r in rows},
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    if args.old_client:
        import old_client

        result["old_client"] = old_client.measure(sz)
    print_table(rows)
    if "old_client" in result:
        print("\nkfp-server-api 1.8.5 (OpenAPI-generated):", json.dumps(result["old_client"], indent=None))
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, default=str)
    print(f"\nwrote {args.json} ({result['total_seconds']} s)")
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
