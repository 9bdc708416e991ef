"""The stub's get_experiment fast path answers exactly what the general path answers.

``GET /experiments/{id}`` is written straight to JSON bytes (``experiments.experiment_json``);
these tests hold it to the dict-then-encoder answer the rest of the stub gives (field order,
zero values omitted, escaping of awkward text), over a real loopback server and per row.
"""
import http.client
import json
import sqlite3
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_server_api.stub import StubServer, jsonpb
from kfp_server_api.stub.backend import Backend
from kfp_server_api.stub.control import CONTROL_ROUTES
from kfp_server_api.stub.errors import StubError
from kfp_server_api.stub.experiments import ExperimentsMixin, experiment_json
from kfp_server_api.stub.routes import ROUTES, Route, RouteMatcher

V1 = "/apis/v1beta1"
_MANIFEST = json.dumps({"kind": "Workflow", "apiVersion": "argoproj.io/v1alpha1", "metadata": {"generateName": "h-"},
                        "spec": {"entrypoint": "main", "templates": [{"name": "main", "container": {"image": "alpine"}}]}})

AWKWARD = ["plain", "quote \" and \\ backslash", "tab\tnew\nline\x01\x1f", "caf\u00e9 \u2603 \U0001f680",
           "</script>", "\u2028\u2029", " "]


def _get(port: int, path: str, headers: Any = None) -> Tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _post(port: int, path: str, body: Any, headers: Any = None) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json",
                                                                     **(headers or {})})
        resp = conn.getresponse()
        assert resp.status == 200
        return json.loads(resp.read())
    finally:
        conn.close()


def test_get_experiment_bytes_match_the_list_entry_for_awkward_text() -> None:
    with StubServer() as stub:
        for i, text in enumerate(AWKWARD):
            _post(stub.port, "/apis/v1beta1/experiments", {"name": f"{text}-{i}", "description": text})
        _post(stub.port, "/apis/v1beta1/experiments", {"name": "no-description"})
        status, body = _get(stub.port, "/apis/v1beta1/experiments?page_size=100")
        assert status == 200
        listed = json.loads(body)["experiments"]
        assert len(listed) == len(AWKWARD) + 2  # and the Default experiment
        for item in listed:
            status, got = _get(stub.port, f"/apis/v1beta1/experiments/{item['id']}")
            assert status == 200
            # Byte for byte what the general encoder writes for the same experiment.
            assert got == json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            assert list(json.loads(got)) == list(item)
        no_desc = next(item for item in listed if item["name"] == "no-description")
        assert "description" not in no_desc


def test_get_experiment_errors_and_namespaces_in_multi_user_mode() -> None:
    with StubServer(multi_user=True, users={"alice": ["ns-a"]}) as stub:
        alice = {"kubeflow-userid": "alice"}
        made = _post(stub.port, "/apis/v1beta1/experiments",
                     {"name": "e", "resource_references": [{"key": {"type": "NAMESPACE", "id": "ns-a"},
                                                            "relationship": "OWNER"}]}, alice)
        status, body = _get(stub.port, f"/apis/v1beta1/experiments/{made['id']}", alice)
        assert status == 200
        assert json.loads(body) == made
        assert json.loads(body)["resource_references"] == [
            {"key": {"type": "NAMESPACE", "id": "ns-a"}, "relationship": "OWNER"}]
        status, body = _get(stub.port, f"/apis/v1beta1/experiments/{made['id']}", {"kubeflow-userid": "bob"})
        assert status == 403
        status, body = _get(stub.port, "/apis/v1beta1/experiments/missing", alice)
        assert status == 404
        assert json.loads(body)["message"] == "Failed to fetch v1beta1 experiment: ResourceNotFoundError: Experiment missing not found"


def test_routing_still_tells_404_from_405_and_decodes_escaped_ids() -> None:
    with StubServer() as stub:
        status, _ = _get(stub.port, "/apis/v1beta1/experiments/a/b")
        assert status == 404
        status, _ = _get(stub.port, "/apis/v1beta1/nothing-here")
        assert status == 404
        status, _ = _get(stub.port, "/apis/v1beta1/experiments/x:archive")  # read as the id "x:archive"
        assert status == 404
        status, _ = _get(stub.port, "/apis/v1beta1/runs/x/retry")  # POST-only route
        assert status == 405
        status, body = _get(stub.port, "/apis/v1beta1/experiments/a%2Fb%20c")
        assert status == 404
        assert "Experiment a/b c not found" in json.loads(body)["message"]


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(uuid=_text, name=_text, description=_text, created_at=st.integers(-62135596800, 253402300799),
       namespace=_text, state=st.sampled_from(["STORAGESTATE_AVAILABLE", "STORAGESTATE_ARCHIVED", ""]))
def test_experiment_json_equals_the_encoded_dict(uuid: str, name: str, description: str, created_at: int,
                                                 namespace: str, state: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    row = conn.execute(
        "SELECT ? AS uuid, ? AS name, ? AS description, ? AS created_at, ? AS namespace, ? AS storage_state",
        (uuid, name, description, created_at, namespace, state)).fetchone()
    assert experiment_json(row) == jsonpb.encode(ExperimentsMixin.render_experiment(row))


# -- the router's ".../{name}" shortcut and the single-row read -------------------------------------

_SEGMENTS = ["apis", "v1beta1", "v1alpha1", "experiments", "runs", "jobs", "pipelines", "pipeline_versions",
             "upload", "upload_version", "templates", "nodes", "artifacts", "namespaces", "default_version",
             "tasks", "healthz", "_stub", "clock", "reset", "x", "x:archive", "x:unarchive", "a:read", "retry",
             "terminate", "enable", "disable", "x:reportMetrics", "", "%2F", "é"]


def _slow_match(matcher: RouteMatcher, path: str) -> Optional[Tuple[Route, Dict[str, str]]]:
    """What the matcher's one regex alone gives (the route table's first match)."""
    m = matcher._regex.match(path)
    if m is None:
        return None
    rt, groups = matcher._by_group[m.lastindex]
    return rt, {name: m[group] for group, name in groups}


@settings(max_examples=400, deadline=None)
@given(method=st.sampled_from(["GET", "POST", "DELETE", "HEAD", "PUT", "PATCH"]),
       prefix=st.sampled_from(["/apis/v1beta1/", "/apis/v1alpha1/", "/_stub/", "/"]),
       segments=st.lists(st.one_of(st.sampled_from(_SEGMENTS), st.text(max_size=4)), max_size=6),
       control=st.booleans())
def test_the_routers_shortcut_picks_what_the_route_table_picks(method: str, prefix: str, segments: List[str],
                                                              control: bool) -> None:
    matcher = RouteMatcher(CONTROL_ROUTES if control else ROUTES, method)
    path = prefix + "/".join(segments)
    fast, slow = matcher.match(path), _slow_match(matcher, path)
    assert (fast is None) == (slow is None), path
    if fast is not None and slow is not None:
        assert fast[0] is slow[0] and fast[1] == slow[1], path


def test_the_shortcut_covers_the_single_resource_routes_and_keeps_earlier_literals() -> None:
    matcher = RouteMatcher(ROUTES, "GET")
    found = matcher.match(V1 + "/pipelines/upload")
    assert found is not None and found[0].operation == "UploadPipeline" and found[1] == {}
    found = matcher.match(V1 + "/pipelines/p-1")
    assert found is not None and found[0].operation == "GetPipelineV1" and found[1] == {"id": "p-1"}
    found = matcher.match(V1 + "/experiments/e:1")
    assert found is not None and found[0].operation == "GetExperimentV1" and found[1] == {"id": "e:1"}
    assert matcher.match(V1 + "/experiments/") is None  # an empty id is no route
    assert matcher.match(V1 + "/experiments/a/b") is None


def test_single_row_reads_record_the_version_and_still_bring_runs_up_to_date() -> None:
    """``read_row`` is the hot path of GetExperiment: it records the version its answer reflects
    (what answer reuse keys on) and, when time has moved, still runs the due work first."""
    backend = Backend()
    backend.clock.freeze()
    try:
        eid = backend.create_experiment({"name": "e"})["id"]
        run = backend.create_run({"name": "r", "pipeline_spec": {"workflow_manifest": _MANIFEST},
                                  "resource_references": [{"key": {"type": "EXPERIMENT", "id": eid},
                                                           "relationship": "OWNER"}]})["run"]
        backend.versions.version = None
        body = json.loads(backend.get_experiment_json(eid))
        assert body["id"] == eid and body["name"] == "e"
        assert backend.versions.version == backend.version()
        backend.clock.advance(3600)  # the run is due to finish: the next read must see it finished
        backend.get_experiment_json(eid)
        assert backend.versions.version == backend.version()
        with backend.store.reading() as conn:
            status = conn.execute("SELECT status FROM runs WHERE uuid=?", (run["id"],)).fetchone()[0]
        assert status == "Succeeded"
        with pytest.raises(StubError) as err:
            backend.get_experiment_json("missing")
        assert err.value.http_status == 404 and "missing" in err.value.message
    finally:
        backend.close()
