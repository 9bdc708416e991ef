"""Optional comparison: the OpenAPI-generated ``kfp-server-api==1.8.5`` on the same data.

The old client cannot live next to ours (same package name), so it runs in its own virtual
environment, as a child process that prints one JSON object. Set it up once with::

    python -m venv /tmp/kfp-bench-venv-old
    /tmp/kfp-bench-venv-old/bin/pip install kfp-server-api==1.8.5

(or point ``KFP_BENCH_OLD_PYTHON`` at another interpreter that has it), then run
``python benchmarks/run.py --old-client``. The figures are the same ratios as ``deserialize`` and
``serialize``: old client path vs ``json`` on the same bytes, measured in the child's process.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from typing import Any, Dict, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PYTHON = "/tmp/kfp-bench-venv-old/bin/python"

__all__ = ["measure", "main"]


def measure(sz: Any) -> Dict[str, Any]:
    """Run the child in the old client's venv; ``{"skipped": reason}`` when it is not set up."""
    python = os.environ.get("KFP_BENCH_OLD_PYTHON", DEFAULT_PYTHON)
    if not os.path.exists(python):
        return {"skipped": f"no interpreter at {python} (see benchmarks/old_client.py for the set-up)"}
    proc = subprocess.run([python, os.path.abspath(__file__), "--child", "--runs", str(sz.runs), "--reps", str(sz.reps)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout)


class _Response:
    def __init__(self, body: bytes) -> None:
        self.data = body

    def getheader(self, name: str, default: Optional[str] = None) -> Optional[str]:
        return "application/json" if name.lower() == "content-type" else default


def _child(runs_n: int, reps: int) -> Dict[str, Any]:
    sys.path.insert(0, HERE)
    import data
    import kfp_server_api
    from kfp_server_api.api_client import ApiClient
    from timing import interleaved

    client = ApiClient()
    runs = data.make_runs(runs_n)
    out: Dict[str, Any] = {"version": kfp_server_api.__version__}
    plan = data.walk_plan()
    walk_obj, walk_dict = data.object_walker(plan), data.dict_walker(plan)
    body = data.list_runs_body(runs)
    try:
        first = client.deserialize(_Response(body), "ApiListRunsResponse").runs[0]
        out["full_data_decodes"] = True
        # Decoding without an error is not the same as keeping the values.
        kept = first.to_dict()["pipeline_spec"]["runtime_config"]["parameters"]
        out["runtime_config_values_kept"] = kept == runs[0]["pipeline_spec"]["runtime_config"]["parameters"]
        out["runtime_config_values_decoded_as"] = repr(kept)[:200]
    except Exception as exc:  # the finding itself: real server bodies it cannot read
        out["full_data_decodes"] = False
        out["full_data_error"] = f"{type(exc).__name__}: {exc}"[:300]
        # Measure on what it can read: runtime_config.parameters (plain JSON values) removed.
        for r in runs:
            r["pipeline_spec"]["runtime_config"].pop("parameters")
        body = data.list_runs_body(runs)
    decode = lambda: walk_obj(client.deserialize(_Response(body), "ApiListRunsResponse"), "apiListRunsResponse")  # noqa: E731
    t = interleaved({"old": decode, "json": lambda: walk_dict(json.loads(body), "apiListRunsResponse")}, reps, clock=time.process_time)
    out["deserialize"] = {"old_ms": t["old"] * 1e3, "json_ms": t["json"] * 1e3, "ratio": t["old"] / t["json"]}

    objs = [client.deserialize(_Response(json.dumps(r).encode()), "ApiRun") for r in json.loads(body)["runs"]]
    plain = json.loads(body)["runs"]
    t = interleaved({
        "old": lambda: json.dumps(client.sanitize_for_serialization(objs), separators=(",", ":")).encode(),
        "json": lambda: json.dumps(plain, separators=(",", ":")).encode(),
    }, reps, clock=time.process_time)
    out["serialize"] = {"old_ms": t["old"] * 1e3, "json_ms": t["json"] * 1e3, "ratio": t["old"] / t["json"]}
    return out


def main(argv: Optional[list] = None) -> int:
    """``--child``: measure in this interpreter (the old client's venv) and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.child:
        parser.error("run through `python benchmarks/run.py --old-client`")
    print(json.dumps(_child(args.runs, args.reps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
