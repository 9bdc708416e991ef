"""Contract tests: runs (creation sources, lifecycle on the stub clock, terminate/retry,
archive, metrics, artifacts)."""
import base64
import json

import pytest

from kfp_server_api import (ApiException, ApiJob, ApiParameter, ApiPipelineSpec, ApiReportRunMetricsRequest,
                            ApiResourceKey, ApiResourceReference, ApiRun, ApiRunMetric)

from conftest import ARGO_WORKFLOW, REAL_HOST, V2_PIPELINE


def make_pipeline(apis, uid, text=ARGO_WORKFLOW, suffix=".yaml"):
    """Upload a pipeline file (a fresh name) and return the ApiPipeline."""
    return apis.uploads.upload_pipeline((f"pipe-{uid}{suffix}", text.encode()), name=f"pipe-{uid}")


def _refs(experiment_id=None, version_id=None):
    refs = []
    if experiment_id:
        refs.append(ApiResourceReference(key=ApiResourceKey(type="EXPERIMENT", id=experiment_id), relationship="OWNER"))
    if version_id:
        refs.append(ApiResourceReference(key=ApiResourceKey(type="PIPELINE_VERSION", id=version_id),
                                         relationship="CREATOR"))
    return refs or None


def run_body(name, pipeline_id=None, experiment_id=None, version_id=None, params=None):
    """An ApiRun request body."""
    spec = ApiPipelineSpec(pipeline_id=pipeline_id,
                           parameters=[ApiParameter(name=k, value=v) for k, v in (params or {}).items()] or None)
    return ApiRun(name=name, pipeline_spec=spec, resource_references=_refs(experiment_id, version_id))


def job_body(name, pipeline_id, experiment_id=None, enabled=False, trigger=None, max_concurrency=1, **kw):
    """An ApiJob request body."""
    return ApiJob(name=name, pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline_id),
                  resource_references=_refs(experiment_id), enabled=enabled, trigger=trigger,
                  max_concurrency=max_concurrency, **kw)


def test_create_run_from_pipeline_defaults_to_default_experiment(apis, uid):
    pipeline = make_pipeline(apis, uid)
    detail = apis.runs.create_run(run_body(f"run-{uid}", pipeline.id, params={"message": "hi"}))
    run = detail.run
    assert run.status == "Pending"
    assert run.finished_at.year == 1970
    assert run.service_account == "pipeline-runner"
    assert run.storage_state is None
    assert run.pipeline_spec.pipeline_id == pipeline.id
    assert run.pipeline_spec.pipeline_name == pipeline.default_version.name
    assert json.loads(run.pipeline_spec.workflow_manifest)["kind"] == "Workflow"
    assert [(p.name, p.value) for p in run.pipeline_spec.parameters] == [("message", "hi")]
    types = [(r.key.type, r.relationship) for r in run.resource_references]
    assert types == [("EXPERIMENT", "OWNER"), ("PIPELINE_VERSION", "CREATOR")]
    default = [e for e in apis.experiments.list_experiment(page_size=200).experiments if e.name == "Default"][0]
    assert run.resource_references[0].key.id == default.id
    wf = json.loads(detail.pipeline_runtime.workflow_manifest)
    assert wf["status"]["phase"] == "Pending" and wf["metadata"]["labels"]["pipeline/runid"] == run.id


def test_create_run_from_version_and_from_manifest(stub, apis, uid):
    pipeline = make_pipeline(apis, uid)
    version = apis.uploads.upload_pipeline_version((f"v2-{uid}.yaml", ARGO_WORKFLOW.encode()),
                                                   name=f"v-{uid}", pipelineid=pipeline.id)
    run = apis.runs.create_run(run_body(f"rv-{uid}", version_id=version.id)).run
    assert run.pipeline_spec.pipeline_name == f"v-{uid}"
    assert run.resource_references[-1].key.id == version.id
    # A raw manifest creates (or reuses) a pipeline and a version.
    body = ApiRun(name=f"manifest-{uid}", pipeline_spec=ApiPipelineSpec(pipeline_manifest=V2_PIPELINE))
    detail = apis.runs.create_run(body)
    assert detail.run.pipeline_spec.pipeline_manifest
    names = [p.name for p in apis.pipelines.list_pipelines(page_size=200).pipelines]
    assert "hello-v2" in names
    again = apis.runs.create_run(ApiRun(name=f"manifest2-{uid}",
                                        pipeline_spec=ApiPipelineSpec(pipeline_manifest=V2_PIPELINE)))
    assert again.run.pipeline_spec.pipeline_id == detail.run.pipeline_spec.pipeline_id


def test_create_run_errors(http, apis, uid):
    status, body = http.json("POST", "/apis/v1beta1/runs", {"pipeline_spec": {"pipeline_id": "nope"}, "name": "x"})
    assert status == 404 and "Pipeline nope not found" in body["message"]
    status, body = http.json("POST", "/apis/v1beta1/runs", {"name": "x"})
    assert status == 400 and "unknown template format" in body["message"]
    status, body = http.json("POST", "/apis/v1beta1/runs", {"pipeline_spec": {}})
    assert status in ((500,) if REAL_HOST else (400,)) and "Run name cannot be empty" in body["message"]
    status, body = http.json("POST", "/apis/v1beta1/runs", {"name": "x", "resource_references": [
        {"key": {"type": "EXPERIMENT", "id": "nope"}, "relationship": "OWNER"}],
        "pipeline_spec": {"workflow_manifest": ARGO_WORKFLOW}})
    assert status == 404 and "Experiment nope not found" in body["message"]
    pipeline = make_pipeline(apis, uid)
    status, body = http.json("POST", "/apis/v1beta1/runs", {"name": "x", "pipeline_spec": {
        "pipeline_id": pipeline.id, "parameters": [{"name": "nope", "value": "1"}]}})
    assert status in ((500,) if REAL_HOST else (400,)) and "Unrecognized input parameter: nope" in body["message"]


def test_lifecycle_follows_the_stub_clock(stub, apis, uid):
    run = apis.runs.create_run(run_body(f"life-{uid}", make_pipeline(apis, uid).id)).run
    assert run.status == "Pending"
    stub.advance_clock(1)
    assert apis.runs.get_run(run.id).run.status == "Running"
    stub.advance_clock(1)
    detail = apis.runs.get_run(run.id)
    assert detail.run.status == "Succeeded"
    assert detail.run.finished_at > detail.run.created_at
    assert json.loads(detail.pipeline_runtime.workflow_manifest)["status"]["phase"] == "Succeeded"


def test_clock_control_api(stub, http):
    status, body = http.json("GET", "/_stub/clock")
    assert status == 200 and body["now"].endswith("Z")
    status, advanced = http.json("POST", "/_stub/clock/advance", {"seconds": 3600})
    assert status == 200 and advanced["now"] > body["now"]
    status, err = http.json("POST", "/_stub/clock/advance", {"seconds": -1})
    assert status == 400
    status, err = http.json("POST", "/_stub/clock/advance", {})
    assert status == 400


def test_terminate_and_retry_rules(stub, apis, uid):
    pipeline = make_pipeline(apis, uid)
    run = apis.runs.create_run(run_body(f"t-{uid}", pipeline.id)).run
    with pytest.raises(ApiException) as info:
        apis.runs.retry_run(run.id)
    assert info.value.status == 409 and "Workflow must be Failed/Error to retry" in info.value.body
    assert apis.runs.terminate_run(run.id) == {}
    assert apis.runs.get_run(run.id).run.status == "Terminating"
    stub.advance_clock(1)
    failed = apis.runs.get_run(run.id).run
    assert failed.status == "Failed" and failed.finished_at.year > 1970
    with pytest.raises(ApiException) as info:
        apis.runs.terminate_run(run.id)
    assert info.value.status == 400
    assert apis.runs.retry_run(run.id) == {}
    retried = apis.runs.get_run(run.id).run
    assert retried.status == "Running" and retried.finished_at.year == 1970
    stub.advance_clock(5)
    assert apis.runs.get_run(run.id).run.status == "Succeeded"


def test_control_set_status(stub, http, apis, uid):
    run = apis.runs.create_run(run_body(f"s-{uid}", make_pipeline(apis, uid).id)).run
    status, _ = http.json("POST", f"/_stub/runs/{run.id}/status", {"status": "Failed"})
    assert status == 200
    got = apis.runs.get_run(run.id).run
    assert got.status == "Failed" and got.finished_at.year > 1970
    stub.set_run_status(run.id, "Running")
    stub.advance_clock(100)
    assert apis.runs.get_run(run.id).run.status == "Running"  # manual: no automatic progress
    status, body = http.json("POST", f"/_stub/runs/{run.id}/status", {"status": "Bogus"})
    assert status == 400
    status, body = http.json("POST", "/_stub/runs/nope/status", {"status": "Failed"})
    assert status == 404


def test_archive_unarchive_delete_run(apis, uid):
    run = apis.runs.create_run(run_body(f"a-{uid}", make_pipeline(apis, uid).id)).run
    apis.runs.archive_run(run.id)
    assert apis.runs.get_run(run.id).run.storage_state == "STORAGESTATE_ARCHIVED"
    apis.runs.unarchive_run(run.id)
    assert apis.runs.get_run(run.id).run.storage_state is None
    apis.runs.delete_run(run.id)
    for call in (apis.runs.get_run, apis.runs.archive_run, apis.runs.delete_run, apis.runs.terminate_run):
        with pytest.raises(ApiException) as info:
            call(run.id)
        assert info.value.status == 404


def test_report_metrics(apis, uid):
    run = apis.runs.create_run(run_body(f"m-{uid}", make_pipeline(apis, uid).id)).run
    body = ApiReportRunMetricsRequest(run_id=run.id, metrics=[
        ApiRunMetric(name="accuracy", node_id="node-1", number_value=0.92, format="PERCENTAGE"),
        ApiRunMetric(name="accuracy", node_id="node-1", number_value=0.5),
        ApiRunMetric(name="9bad", node_id="node-1", number_value=1),
        ApiRunMetric(name="loss", node_id="", number_value=1),
        ApiRunMetric(name="zero", node_id="node-1"),
    ])
    results = apis.runs.report_run_metrics(run.id, body).results
    assert [(r.metric_name, r.status) for r in results] == [
        ("accuracy", "OK"), ("accuracy", "DUPLICATE_REPORTING"), ("9bad", "INVALID_ARGUMENT"),
        ("loss", "INVALID_ARGUMENT"), ("zero", "OK")]
    assert results[1].message == (
        "Failed to create a run metric. Same metric has been reported before: node-1/accuracy")
    assert results[2].message is None
    metrics = apis.runs.get_run(run.id).run.metrics
    assert [(m.name, m.number_value, m.format) for m in metrics] == [
        ("accuracy", 0.92, "PERCENTAGE"), ("zero", 0.0, None)]
    with pytest.raises(ApiException) as info:
        apis.runs.report_run_metrics("nope", ApiReportRunMetricsRequest(metrics=[]))
    assert info.value.status == 404


def test_sort_runs_by_metric(stub, apis, uid):
    pipeline = make_pipeline(apis, uid)
    ids = []
    for i, value in enumerate([0.3, 0.9, 0.1]):
        run = apis.runs.create_run(run_body(f"sm{i}-{uid}", pipeline.id)).run
        apis.runs.report_run_metrics(run.id, ApiReportRunMetricsRequest(
            metrics=[ApiRunMetric(name="acc", node_id="n", number_value=value)]))
        ids.append(run.id)
    page = apis.runs.list_runs(sort_by="metric:acc desc")
    assert [r.id for r in page.runs] == [ids[1], ids[0], ids[2]]


@pytest.mark.parametrize("sort_by", ["metric:accuracy", "metric:Accuracy", "METRIC:ACCURACY"])
def test_sort_by_a_mixed_case_metric_name(stub, apis, uid, sort_by):
    """sort_by is lower-cased like the real server's; the metric "Accuracy" is still found."""
    pipeline = make_pipeline(apis, uid)
    ids = []
    for i, value in enumerate([0.5, 0.2, 0.8]):
        run = apis.runs.create_run(run_body(f"mc{i}-{uid}", pipeline.id)).run
        results = apis.runs.report_run_metrics(run.id, ApiReportRunMetricsRequest(
            metrics=[ApiRunMetric(name="Accuracy", node_id="n", number_value=value)])).results
        assert results[0].status == "OK"
        ids.append(run.id)
    without = apis.runs.create_run(run_body(f"mc-none-{uid}", pipeline.id)).run.id
    page = apis.runs.list_runs(sort_by=sort_by + " desc")
    assert [r.id for r in page.runs] == [ids[2], ids[0], ids[1], without]


def test_read_artifact_via_control_api(stub, http, apis, uid):
    run = apis.runs.create_run(run_body(f"art-{uid}", make_pipeline(apis, uid).id)).run
    with pytest.raises(ApiException) as info:
        apis.runs.read_artifact(run.id, "node-1", "model")
    assert info.value.status == 404
    assert f"artifact runs/{run.id}/nodes/node-1/artifacts/model not found" in info.value.body
    status, _h, _b = http.call("PUT", f"/_stub/runs/{run.id}/nodes/node-1/artifacts/model", raw=b"\x00\x01tar")
    assert status == 200
    got = apis.runs.read_artifact(run.id, "node-1", "model")
    assert got.data == b"\x00\x01tar"
    stub.put_artifact(run.id, "node-2", "empty", b"")
    assert apis.runs.read_artifact(run.id, "node-2", "empty").data in (None, b"")
    wf = json.loads(apis.runs.get_run(run.id).pipeline_runtime.workflow_manifest)
    node = wf["status"]["nodes"]["node-1"]
    assert node["outputs"]["artifacts"][0]["name"] == "model"
    status, raw = http.json("GET", f"/apis/v1beta1/runs/{run.id}/nodes/node-1/artifacts/model:read")
    assert base64.b64decode(raw["data"]) == b"\x00\x01tar"


def test_list_runs_scopes_and_filters(stub, apis, uid):
    from kfp_server_api import ApiExperiment

    pipeline = make_pipeline(apis, uid)
    exp = apis.experiments.create_experiment(ApiExperiment(name=f"scope-{uid}"))
    r1 = apis.runs.create_run(run_body(f"in-{uid}", pipeline.id, exp.id)).run
    apis.runs.create_run(run_body(f"out-{uid}", pipeline.id))
    scoped = apis.runs.list_runs(resource_reference_key_type="EXPERIMENT", resource_reference_key_id=exp.id)
    assert [r.id for r in scoped.runs] == [r1.id] and scoped.total_size == 1
    with pytest.raises(ApiException) as info:
        apis.runs.list_runs(resource_reference_key_type="EXPERIMENT", resource_reference_key_id="nope")
    assert info.value.status == 404
    stub.set_run_status(r1.id, "Failed")
    flt = json.dumps({"predicates": [{"op": "EQUALS", "key": "status", "string_value": "Failed"}]})
    assert [r.id for r in apis.runs.list_runs(filter=flt).runs] == [r1.id]
    assert apis.runs.list_runs(page_size=1).next_page_token


@pytest.mark.parametrize("seconds", [1e300, float("inf"), "abc", True, None])
def test_clock_advance_rejects_bad_values(stub, http, seconds):
    raw = ('{"seconds": %s}' % ("1e999" if seconds == float("inf") else json.dumps(seconds))).encode()
    status, _h, body = http.call("POST", "/_stub/clock/advance", raw=raw)
    assert status == 400, body


def _pred(op, key, **value):
    return json.dumps({"predicates": [dict(op=op, key=key, **value)]})


def test_run_filters_sorts_and_pagination_walk(stub, apis, uid):
    pipeline = make_pipeline(apis, uid)
    created = []
    for i in range(6):
        created.append(apis.runs.create_run(run_body(f"w{i}-{uid}", pipeline.id)).run)
        stub.advance_clock(1)
    t2 = int(created[2].created_at.timestamp())
    cases = [
        (_pred("LESS_THAN", "created_at", string_value=str(t2)), [0, 1]),
        (_pred(6, "created_at", int_value=t2), [0, 1]),
        (_pred("GREATER_THAN_EQUALS", "created_at", timestamp_value=created[4].created_at.strftime("%Y-%m-%dT%H:%M:%SZ")), [4, 5]),
        (_pred("IN", "created_at", long_values={"values": [str(t2), str(t2 + 1)]}), [2, 3]),
        (_pred("IN", "created_at", int_values={"values": [t2]}), [2]),
        (_pred("IN", "name", string_values={"values": []}), []),
        (_pred("IS_SUBSTRING", "name", string_value=f"3-{uid}"), [3]),
        (_pred("NOT_EQUALS", "status", string_value="Succeeded"), [5]),  # the others ran 2 s
    ]
    for flt, expected in cases:
        page = apis.runs.list_runs(filter=flt, page_size=200)
        assert [r.id for r in page.runs or []] == [created[i].id for i in expected], flt
    for sort_by, order in [("name desc", [5, 4, 3, 2, 1, 0]), ("created_at", [0, 1, 2, 3, 4, 5]),
                           ("finished_at desc", None), ("status", None), ("id", None)]:
        page = apis.runs.list_runs(sort_by=sort_by, page_size=200)
        if order:
            assert [r.id for r in page.runs] == [created[i].id for i in order]
        else:
            assert len(page.runs) == 6
    # Walk in pages of 4 with a filter and a sort carried by the token.
    flt = _pred("IS_SUBSTRING", "name", string_value=uid)
    first = apis.runs.list_runs(filter=flt, sort_by="created_at desc", page_size=4)
    assert first.total_size == 6 and len(first.runs) == 4
    rest = apis.runs.list_runs(page_token=first.next_page_token, page_size=4)
    assert [r.id for r in first.runs + rest.runs] == [c.id for c in reversed(created)]
    assert rest.next_page_token is None and rest.total_size == 6
    with pytest.raises(ApiException) as info:
        apis.runs.list_runs(page_token=first.next_page_token, sort_by="name")
    assert info.value.status == 400 and "page token does not match" in info.value.body
    for bad in ['{"predicates":[{"op":"EQUALS","key":"nope","string_value":"x"}]}',
                '{"predicates":[{"op":"UNKNOWN","key":"name","string_value":"x"}]}',
                '{"predicates":[{"op":"IN","key":"name","string_value":"x"}]}',
                '{"predicates":[{"op":"EQUALS","key":"name","string_values":{"values":["x"]}}]}',
                '{"predicates":[{"op":"IS_SUBSTRING","key":"name","int_value":1}]}',
                '{"predicates":[{"op":"EQUALS","key":"name"}]}',
                '{"unknown":1}']:
        with pytest.raises(ApiException) as info:
            apis.runs.list_runs(filter=bad)
        assert info.value.status == 400, bad


def test_failed_request_changes_nothing(stub, http, apis, uid):
    before = apis.pipelines.list_pipelines().total_size
    status, body = http.json("POST", "/apis/v1beta1/runs", {
        "name": f"atomic-{uid}", "pipeline_spec": {"workflow_manifest": ARGO_WORKFLOW,
                                                  "parameters": [{"name": "nope", "value": "1"}]}})
    assert status == 400
    assert apis.pipelines.list_pipelines().total_size == before  # the auto-created pipeline was rolled back
    assert apis.runs.list_runs().total_size is None


def test_polling_sees_every_change(stub, http, apis, uid):
    """Repeated identical GETs (as wait-for-completion loops do) always reflect the latest state."""
    run = apis.runs.create_run(run_body(f"poll-{uid}", make_pipeline(apis, uid).id)).run
    seen = []
    for step in range(4):
        for _ in range(3):
            seen.append(http.json("GET", f"/apis/v1beta1/runs/{run.id}")[1]["run"]["status"])
        if step == 1:
            stub.set_run_status(run.id, "Failed")
        else:
            stub.advance_clock(1)
    assert seen == ["Pending"] * 3 + ["Running"] * 3 + ["Failed"] * 6
