"""Contract tests: the v1alpha1 task API."""
import datetime

import pytest

from kfp_server_api import ApiException, ApiTask

from test_runs import make_pipeline, run_body

NOW = datetime.datetime(2023, 3, 1, 12, 6, tzinfo=datetime.timezone.utc)


def test_create_and_list_tasks(apis, http, uid):
    run = apis.runs.create_run(run_body(f"t-{uid}", make_pipeline(apis, uid).id)).run
    task = apis.tasks.create_task(ApiTask(pipeline_name=f"pipeline/p-{uid}", run_id=run.id,
                                          mlmd_execution_id="42", fingerprint="abc", created_at=NOW))
    assert task.id and task.run_id == run.id and task.finished_at.year == 1970
    status, raw = http.json("GET", f"/apis/v1alpha1/tasks?resource_reference_key.type=PIPELINE"
                                   f"&resource_reference_key.id=pipeline/p-{uid}")
    assert status == 200
    assert list(raw["tasks"][0]) == ["id", "pipelineName", "runId", "mlmdExecutionID", "created_at",
                                     "finished_at", "fingerprint"]
    assert raw["total_size"] == 1
    listed = apis.tasks.list_tasks(filter='{"predicates":[{"op":1,"key":"runId","stringValue":"%s"}]}' % run.id)
    assert [t.id for t in listed.tasks] == [task.id]


@pytest.mark.parametrize("fields, message", [
    ({"id": "x"}, "Invalid task: Id should not be set"),
    ({"pipeline_name": None}, "Invalid task: must specify PipelineName"),
    ({"run_id": None}, "Invalid task: must specify RunId"),
    ({"mlmd_execution_id": None}, "Invalid task: must specify MlmdExecutionID"),
    ({"fingerprint": None}, "Invalid task: must specify FingerPrint"),
    ({"created_at": None}, "Invalid task: must specify CreatedAt"),
    ({"pipeline_name": "namespace/a/b"}, "invalid PipelineName for namespaced pipelines"),
])
def test_task_validation(apis, fields, message):
    base = dict(pipeline_name="pipeline/p", run_id="r", mlmd_execution_id="1", fingerprint="f", created_at=NOW)
    base.update(fields)
    with pytest.raises(ApiException) as info:
        apis.tasks.create_task(ApiTask(**base))
    assert info.value.status == 400 and message in info.value.body


def test_task_for_unknown_run(apis):
    with pytest.raises(ApiException) as info:
        apis.tasks.create_task(ApiTask(pipeline_name="pipeline/p", run_id="nope", mlmd_execution_id="1",
                                       fingerprint="f", created_at=NOW))
    assert info.value.status == 404
