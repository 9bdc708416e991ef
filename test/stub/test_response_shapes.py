"""Every kind of success body the stub sends, validated against the spec's schemas with no
extra keys allowed, plus the exact key order of the real server's JSON."""
import copy
import json
import os

import jsonschema
import pytest

from conftest import ARGO_WORKFLOW, V2_PIPELINE

SPEC_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "spec")


def _definitions():
    defs = {}
    for name in ("kfp_api_v1beta1.swagger.json", "task_v1alpha1.swagger.json"):
        with open(os.path.join(SPEC_DIR, name), encoding="utf-8") as f:
            defs.update(json.load(f)["definitions"])
    defs = copy.deepcopy(defs)
    for schema in defs.values():
        if "properties" in schema:
            schema["additionalProperties"] = False  # the stub must not invent keys
    # protobuf Value/Struct are free-form JSON on the wire (canonical proto JSON).
    defs["PipelineSpecRuntimeConfig"]["properties"]["parameters"] = {"type": "object"}
    # google.protobuf.Any is written as {"@type": ..., <fields of the message>}.
    defs["protobufAny"] = {"type": "object", "required": ["@type"], "properties": {"@type": {"type": "string"}}}
    return defs


DEFS = _definitions()


def validate(definition, body):
    """Raise if ``body`` does not conform to ``#/definitions/<definition>``."""
    schema = {"$ref": f"#/definitions/{definition}", "definitions": DEFS}
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(body)


def _upload(http, name, text, query=""):
    boundary = "xyzBOUNDARY"
    data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n{text}\r\n--{boundary}--\r\n").encode()
    return http.call("POST", "/apis/v1beta1/pipelines/upload" + query, raw=data,
                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def test_every_success_body_conforms(stub, http):
    seen = []

    def call(method, path, body=None, definition=None):
        status, data = http.json(method, path, body)
        assert status == 200, (method, path, data)
        if definition:
            validate(definition, data)
            seen.append(definition)
        return data

    exp = call("POST", "/apis/v1beta1/experiments", {"name": "shape", "description": "d"}, "apiExperiment")
    call("GET", "/apis/v1beta1/experiments", None, "apiListExperimentsResponse")
    status, _h, raw = _upload(http, "hello.yaml", ARGO_WORKFLOW, "?name=hello&description=desc")
    assert status == 200
    pipeline = json.loads(raw)
    validate("apiPipeline", pipeline)
    assert list(pipeline) == ["id", "created_at", "name", "description", "parameters", "default_version"]
    assert pipeline["parameters"] == [{"name": "message", "value": "hello"}, {"name": "count"}]
    version = call("GET", f"/apis/v1beta1/pipeline_versions/{pipeline['default_version']['id']}", None,
                   "apiPipelineVersion")
    assert list(version) == ["id", "name", "created_at", "parameters", "resource_references", "description"]
    call("GET", f"/apis/v1beta1/pipelines/{pipeline['id']}", None, "apiPipeline")
    call("GET", "/apis/v1beta1/pipelines", None, "apiListPipelinesResponse")
    call("GET", f"/apis/v1beta1/pipeline_versions?resource_key.id={pipeline['id']}", None,
         "apiListPipelineVersionsResponse")
    call("GET", f"/apis/v1beta1/pipelines/{pipeline['id']}/templates", None, "apiGetTemplateResponse")
    call("GET", "/apis/v1beta1/namespaces/-/pipelines/hello", None, "apiPipeline")
    run_req = {"name": "r", "description": "rd", "pipeline_spec": {
        "pipeline_id": pipeline["id"], "parameters": [{"name": "message", "value": "x"}],
        "runtime_config": {"parameters": {"b": 1, "a": "s"}, "pipeline_root": "gs://x"}},
        "resource_references": [{"key": {"type": "EXPERIMENT", "id": exp["id"]}, "relationship": "OWNER"}]}
    detail = call("POST", "/apis/v1beta1/runs", run_req, "apiRunDetail")
    run = detail["run"]
    assert list(run) == ["id", "name", "description", "pipeline_spec", "resource_references", "service_account",
                         "created_at", "scheduled_at", "finished_at", "status"]
    assert list(run["pipeline_spec"]) == ["pipeline_id", "pipeline_name", "workflow_manifest", "parameters",
                                          "runtime_config"]
    assert list(run["pipeline_spec"]["runtime_config"]["parameters"]) == ["a", "b"]  # map keys sorted
    assert run["finished_at"] == "1970-01-01T00:00:00Z"
    call("POST", f"/apis/v1beta1/runs/{run['id']}:reportMetrics",
         {"metrics": [{"name": "acc", "node_id": "n1", "number_value": 0.5, "format": "RAW"},
                      {"name": "acc", "node_id": "n1", "number_value": 0.7}]}, "apiReportRunMetricsResponse")
    stub.put_artifact(run["id"], "n1", "model", b"bytes")
    call("GET", f"/apis/v1beta1/runs/{run['id']}/nodes/n1/artifacts/model:read", None, "apiReadArtifactResponse")
    stub.advance_clock(5)
    done = call("GET", f"/apis/v1beta1/runs/{run['id']}", None, "apiRunDetail")["run"]
    assert done["status"] == "Succeeded" and list(done)[-1] == "metrics"
    call("POST", f"/apis/v1beta1/runs/{run['id']}:archive")
    archived = call("GET", "/apis/v1beta1/runs", None, "apiListRunsResponse")["runs"][0]
    assert list(archived)[:3] == ["id", "name", "storage_state"]
    v2 = call("POST", "/apis/v1beta1/runs", {"name": "v2run", "pipeline_spec": {"pipeline_manifest": V2_PIPELINE}},
              "apiRunDetail")
    assert "pipeline_manifest" in v2["pipeline_runtime"]
    job = call("POST", "/apis/v1beta1/jobs", {
        "name": "nightly", "max_concurrency": "3", "enabled": True, "no_catchup": True,
        "pipeline_spec": {"pipeline_id": pipeline["id"]},
        "trigger": {"cron_schedule": {"cron": "0 0 2 * * *", "start_time": "2030-01-01T00:00:00.5Z"}}}, "apiJob")
    assert list(job) == ["id", "name", "pipeline_spec", "resource_references", "service_account",
                         "max_concurrency", "trigger", "created_at", "updated_at", "status", "enabled", "no_catchup"]
    assert job["trigger"] == {"cron_schedule": {"start_time": "2030-01-01T00:00:00Z", "cron": "0 0 2 * * *"}}
    call("GET", "/apis/v1beta1/jobs", None, "apiListJobsResponse")
    task = call("POST", "/apis/v1alpha1/tasks", {"pipelineName": "pipeline/hello", "runId": run["id"],
                                                 "mlmdExecutionID": "7", "fingerprint": "f",
                                                 "created_at": "2023-03-01T12:06:00Z"}, "apiTask")
    assert task["finished_at"] == "1970-01-01T00:00:00Z"
    call("GET", "/apis/v1alpha1/tasks", None, "apiListTasksResponse")
    for empty in (f"/apis/v1beta1/jobs/{job['id']}/disable", f"/apis/v1beta1/experiments/{exp['id']}:archive"):
        assert call("POST", empty) == {}
    assert len(set(seen)) == 15


@pytest.mark.parametrize("path", ["/apis/v1beta1/runs/x", "/apis/v1beta1/jobs/x", "/apis/v1beta1/pipelines/x",
                                  "/apis/v1beta1/pipeline_versions/x", "/apis/v1beta1/experiments/x"])
def test_error_bodies_conform(http, path):
    status, body = http.json("GET", path)
    assert status == 404
    schema = copy.deepcopy(DEFS["apiStatus"])
    schema["properties"]["message"] = {"type": "string"}  # the real body has it; the spec omits it
    jsonschema.Draft4Validator({**schema, "definitions": DEFS}).validate(body)
