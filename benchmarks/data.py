"""Realistic, deterministic benchmark data shaped like what a KFP v1beta1 API server sends.

Everything here is the *wire* form (plain JSON values), so the same data feeds the SDK path and
the ``json`` baseline. The runs look like a busy production cluster's: three resource references,
five v1 parameters, a ~4 KB compact Argo workflow manifest carried as a JSON *string*, v2
``runtime_config.parameters`` of mixed JSON types, three metrics and nanosecond timestamps. Output is
a pure function of ``seed`` so two runs of the suite measure identical bytes.

The module also holds the spec-guided *field walkers* used by the ``deserialize`` figure: one
reads every field of decoded model objects (``getattr``), the other every key of the plain dicts
(``dict.get``), both driven by the same spec so their work is comparable.
"""
import json
import os
import random
import uuid
from typing import Any, Callable, Dict, List, Tuple

__all__ = [
    "SPEC_PATH",
    "make_run",
    "make_runs",
    "list_runs_body",
    "make_experiment",
    "walk_plan",
    "object_walker",
    "dict_walker",
]

#: The contract copied into the repository (never ``/work/shared``: the suite must run anywhere).
SPEC_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "spec", "kfp_api_v1beta1.swagger.json")

_STATUSES = ("Succeeded", "Succeeded", "Succeeded", "Failed", "Running", "Pending", "Skipped")
_METRIC_NAMES = ("accuracy", "roc-auc", "loss", "f1-score", "precision", "recall")


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _timestamp(rng: random.Random, base: int) -> str:
    # Nanosecond precision on purpose: it is the worst case for RFC 3339 parsers (Python's
    # datetime only holds microseconds), and newer servers do send it.
    secs = base + rng.randrange(0, 86400 * 30)
    day, rem = divmod(secs, 86400)
    hour, rem = divmod(rem, 3600)
    minute, sec = divmod(rem, 60)
    return "2023-03-%02dT%02d:%02d:%02d.%09dZ" % (1 + day % 28, hour, minute, sec, rng.randrange(10**9))


def _manifest(rng: random.Random, run_name: str, target: int = 4096) -> str:
    """A compact Argo Workflow JSON of about ``target`` bytes, as the server stores it."""
    steps = []
    templates = []
    i = 0
    while True:
        step = f"step-{i}-{rng.choice(('preprocess', 'train', 'evaluate', 'deploy', 'validate'))}"
        steps.append([{"name": step, "template": step, "arguments": {"parameters": [{"name": "input", "value": "{{inputs.parameters.input}}"}]}}])
        templates.append(
            {
                "name": step,
                "inputs": {"parameters": [{"name": "input"}]},
                "outputs": {"artifacts": [{"name": f"{step}-out", "path": f"/tmp/outputs/{step}/data"}]},
                "metadata": {"annotations": {"pipelines.kubeflow.org/component_spec": '{"name": "%s"}' % step}},
                "container": {
                    "name": "",
                    "image": f"gcr.io/ml-pipeline/{step}:1.8.{rng.randrange(20)}",
                    "command": ["python3", "-m", "component", "--input", "{{inputs.parameters.input}}"],
                    "resources": {"limits": {"cpu": "2", "memory": "4Gi"}},
                },
            }
        )
        i += 1
        wf = {
            "kind": "Workflow",
            "apiVersion": "argoproj.io/v1alpha1",
            "metadata": {
                "generateName": f"{run_name}-",
                "creationTimestamp": None,
                "labels": {"pipelines.kubeflow.org/kfp_sdk_version": "1.8.22"},
                "annotations": {"pipelines.kubeflow.org/run_name": run_name},
            },
            "spec": {
                "templates": [{"name": "main", "steps": steps}] + templates,
                "entrypoint": "main",
                "arguments": {"parameters": [{"name": "input", "value": "gs://bucket/data.csv"}]},
                "serviceAccountName": "pipeline-runner",
            },
            "status": {"startedAt": None, "finishedAt": None},
        }
        text = json.dumps(wf, separators=(",", ":"))
        if len(text) >= target:
            return text


def _runtime_value(rng: random.Random, i: int) -> Any:
    kind = i % 6
    if kind == 0:
        return f"gs://bucket-{rng.randrange(100)}/datasets/part-{rng.randrange(1000)}.csv"
    if kind == 1:
        return round(rng.random() * 10, 6)
    if kind == 2:
        return rng.random() < 0.5
    if kind == 3:
        return [rng.randrange(1000) for _ in range(4)]
    if kind == 4:
        return {"learning_rate": round(rng.random() / 100, 8), "layers": [64, 32, 16], "optimizer": "adam"}
    return rng.randrange(1, 10**6)


def make_run(rng: random.Random, index: int) -> Dict[str, Any]:
    """One ``apiRun`` in wire form, as the server would list it."""
    name = f"{rng.choice(('train', 'eval', 'nightly', 'tune'))}-model-{index:06d}"
    status = rng.choice(_STATUSES)
    base = 1677628800  # 2023-03-01T00:00:00Z
    created = _timestamp(rng, base)
    run: Dict[str, Any] = {
        "id": _uid(rng),
        "name": name,
        "storage_state": "STORAGESTATE_AVAILABLE",
        "description": f"Run {index} of the {name.split('-')[0]} pipeline, triggered by the nightly scheduler",
        "pipeline_spec": {
            "pipeline_id": _uid(rng),
            "pipeline_name": f"{name.split('-')[0]}-pipeline",
            "workflow_manifest": _manifest(rng, name),
            "parameters": [{"name": f"param-{p}", "value": str(rng.randrange(10**6))} for p in range(5)],
            "runtime_config": {
                "parameters": {f"rt_param_{p}": _runtime_value(rng, p) for p in range(6)},
                "pipeline_root": f"gs://kfp-artifacts/{name}",
            },
        },
        "resource_references": [
            {"key": {"type": "EXPERIMENT", "id": _uid(rng)}, "name": "production", "relationship": "OWNER"},
            {"key": {"type": "PIPELINE_VERSION", "id": _uid(rng)}, "name": "v42", "relationship": "CREATOR"},
            {"key": {"type": "NAMESPACE", "id": "kubeflow-user"}, "relationship": "OWNER"},
        ],
        "service_account": "pipeline-runner",
        "created_at": created,
        "scheduled_at": created,
        "finished_at": _timestamp(rng, base) if status in ("Succeeded", "Failed", "Skipped") else "1970-01-01T00:00:00Z",
        "status": status,
        "metrics": [
            {
                "name": _METRIC_NAMES[(index + m) % len(_METRIC_NAMES)],
                "node_id": f"{name}-{rng.randrange(10**9)}",
                "number_value": round(rng.random(), 9),
                "format": ("RAW", "PERCENTAGE")[m % 2],
            }
            for m in range(3)
        ],
    }
    return run


def make_runs(n: int, seed: int = 1234) -> List[Dict[str, Any]]:
    """``n`` runs, deterministic for a given ``seed``."""
    rng = random.Random(seed)
    return [make_run(rng, i) for i in range(n)]


def list_runs_body(runs: List[Dict[str, Any]]) -> bytes:
    """The exact bytes a server sends for one ``ListRunsV1`` page holding ``runs``."""
    page = {"runs": runs, "total_size": len(runs) * 3, "next_page_token": "eyJTb3J0QnlGaWVsZE5hbWUiOiJDcmVhdGVkQXRJblNlYyJ9"}
    return json.dumps(page, separators=(",", ":")).encode("utf-8")


def make_experiment(seed: int = 7) -> Dict[str, Any]:
    """One ``apiExperiment`` in wire form (the canned body of the per-call figures)."""
    rng = random.Random(seed)
    return {
        "id": _uid(rng),
        "name": "production-training",
        "description": "Nightly training runs of the production model",
        "created_at": "2023-03-01T12:00:00Z",
        "resource_references": [{"key": {"type": "NAMESPACE", "id": "kubeflow-user"}, "relationship": "OWNER"}],
        "storage_state": "STORAGESTATE_AVAILABLE",
    }


# --- spec-guided walkers -------------------------------------------------------------------

# A plan is, per definition, a tuple of (field, kind, sub-definition). Kinds: "scalar", "model",
# "models" (array of model), "map" (additionalProperties), "any" (protobuf Value: plain JSON).
Plan = Dict[str, Tuple[Tuple[str, str, str], ...]]

_DYNAMIC = {"protobufValue", "protobufStruct", "protobufListValue", "protobufAny"}


def walk_plan(spec_path: str = SPEC_PATH) -> Plan:
    """Compile the spec's object definitions into walk plans (see ``Plan``)."""
    with open(spec_path, encoding="utf-8") as f:
        defs = json.load(f)["definitions"]

    def ref_name(schema: Dict[str, Any]) -> str:
        return schema.get("$ref", "").rsplit("/", 1)[-1]

    def is_object(name: str) -> bool:
        return name in defs and "properties" in defs[name] and name not in _DYNAMIC

    plan: Plan = {}
    for name, schema in defs.items():
        fields = []
        for prop, sub in schema.get("properties", {}).items():
            ref = ref_name(sub)
            if ref in _DYNAMIC:
                fields.append((prop, "any", ref))
            elif is_object(ref):
                fields.append((prop, "model", ref))
            elif sub.get("type") == "array" and is_object(ref_name(sub.get("items", {}))):
                fields.append((prop, "models", ref_name(sub["items"])))
            elif sub.get("type") == "object" and "additionalProperties" in sub:
                fields.append((prop, "map", ref_name(sub["additionalProperties"])))
            else:
                fields.append((prop, "scalar", ""))
        plan[name] = tuple(fields)
    return plan


def _walk_any(value: Any) -> int:
    """Touch a dynamically typed value (whatever representation the SDK chose) and count leaves."""
    if isinstance(value, dict):
        return sum(_walk_any(v) for v in value.values()) + len(value)
    if isinstance(value, (list, tuple)):
        return sum(_walk_any(v) for v in value)
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return _walk_any(value.to_dict())
    return 1


def _make_walker(get: Callable[[Any, str], Any], plan: Plan) -> Callable[[Any, str], int]:
    def walk(obj: Any, definition: str) -> int:
        n = 0
        for field, kind, sub in plan[definition]:
            value = get(obj, field)
            n += 1
            if value is None:
                continue
            if kind == "model":
                n += walk(value, sub)
            elif kind == "models":
                for item in value:
                    n += walk(item, sub)
            elif kind == "map":
                for key in value:
                    n += _walk_any(value[key]) if sub in _DYNAMIC or sub not in plan else walk(value[key], sub)
            elif kind == "any":
                n += _walk_any(value)
        return n

    return walk


def object_walker(plan: Plan) -> Callable[[Any, str], int]:
    """A function ``walk(model, definition) -> fields read`` reading attributes of SDK models."""
    return _make_walker(getattr, plan)


def dict_walker(plan: Plan) -> Callable[[Any, str], int]:
    """The same walk over plain ``json.loads`` dicts (the baseline)."""
    return _make_walker(dict.get, plan)
