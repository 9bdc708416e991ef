"""The stub's get_experiment fast path answers exactly what the general path answers.

``GET /experiments/{id}`` is written straight to JSON bytes (``experiments.experiment_json``);
these tests hold it to the dict-then-encoder answer the rest of the stub gives (field order,
zero values omitted, escaping of awkward text), over a real loopback server and per row.
"""
import http.client
import json
import sqlite3
from typing import Any, Tuple

from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_server_api.stub import StubServer, jsonpb
from kfp_server_api.stub.experiments import ExperimentsMixin, experiment_json

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
