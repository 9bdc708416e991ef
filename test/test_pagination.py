"""paginate / paginate_pages: every item of every list call, one request per page, against the
stub (real pagination) and the recording server (exactly what is sent on each page)."""
import datetime
import json

import pytest

from kfp_server_api import (ApiExperiment, ApiJob, ApiPipelineSpec, ApiRun, ApiTask, ExperimentServiceApi, Filter,
                            JobServiceApi, PipelineServiceApi, PipelineUploadServiceApi, RunServiceApi,
                            TaskServiceApi, paginate, paginate_pages)
from kfp_server_api.exceptions import ApiTypeError, ApiValueError, BadRequestException

WORKFLOW = b"""\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: paging-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
      command: [echo, hi]
"""


def _upload(client, name):
    return PipelineUploadServiceApi(client).upload_pipeline((f"{name}.yaml", WORKFLOW), name=name)


def test_paginate_experiments_walks_every_page_in_order(kfp_api_client):
    api = ExperimentServiceApi(kfp_api_client)
    names = [f"exp-{i:02d}" for i in range(11)]
    for name in names:
        api.create_experiment(ApiExperiment(name=name))
    walked = [e.name for e in paginate(api.list_experiment, page_size=3, sort_by="name")]
    assert walked == ["Default"] + names  # every item once, in the requested order
    pages = list(paginate_pages(api.list_experiment, page_size=5))
    assert [len(p.experiments) for p in pages] == [5, 5, 2]
    assert all(p.total_size == 12 for p in pages)
    assert pages[-1].next_page_token is None


def test_paginate_is_lazy_one_request_per_page(kfp_api_client):
    api = ExperimentServiceApi(kfp_api_client)
    for i in range(5):
        api.create_experiment(ApiExperiment(name=f"lazy-{i}"))
    calls = []

    def counting_list(**kwargs):
        calls.append(kwargs.get("page_token"))
        return api.list_experiment(**kwargs)

    items = paginate(counting_list, page_size=2, sort_by="name")
    assert calls == []  # nothing is fetched before the first item is asked for
    assert next(items).name == "Default"
    assert next(items).name == "lazy-0"
    assert len(calls) == 1
    assert next(items).name == "lazy-1"
    assert len(calls) == 2
    assert [e.name for e in items] == ["lazy-2", "lazy-3", "lazy-4"]
    assert len(calls) == 3 and calls[0] is None and all(calls[1:])


def test_paginate_sort_and_filter_are_kept_on_every_page(kfp_api_client):
    api = ExperimentServiceApi(kfp_api_client)
    for i in range(9):
        api.create_experiment(ApiExperiment(name=f"{'keep' if i % 3 else 'drop'}-{i}"))
    got = [e.name for e in paginate(api.list_experiment, page_size=2, sort_by="name desc",
                                    filter=Filter.substring("name", "keep"))]
    assert got == sorted((f"keep-{i}" for i in range(9) if i % 3), reverse=True)
    # A plain JSON filter string works the same.
    text = json.dumps({"predicates": [{"op": "IS_SUBSTRING", "key": "name", "string_value": "drop"}]})
    assert [e.name for e in paginate(api.list_experiment, page_size=1, sort_by="name", filter=text)] == ["drop-0", "drop-3", "drop-6"]


def test_paginate_runs_pipelines_versions_jobs(kfp_api_client, kfp_stub):
    pipeline = _upload(kfp_api_client, "paged")
    uploads = PipelineUploadServiceApi(kfp_api_client)
    for i in range(4):
        uploads.upload_pipeline_version((f"v{i}.yaml", WORKFLOW), name=f"v{i}", pipelineid=pipeline.id)
    for i in range(3):
        _upload(kfp_api_client, f"other-{i}")
    pipelines = PipelineServiceApi(kfp_api_client)
    assert [p.name for p in paginate(pipelines.list_pipelines, page_size=2, sort_by="name")] == \
        ["other-0", "other-1", "other-2", "paged"]
    versions = list(paginate(pipelines.list_pipeline_versions, page_size=2, sort_by="name",
                             resource_key_type="PIPELINE", resource_key_id=pipeline.id))
    assert [v.name for v in versions] == ["paged", "v0", "v1", "v2", "v3"]

    runs = RunServiceApi(kfp_api_client)
    for i in range(7):
        runs.create_run(ApiRun(name=f"run-{i}", pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline.id)))
    assert [r.name for r in paginate(runs.list_runs, page_size=3, sort_by="name")] == [f"run-{i}" for i in range(7)]
    assert [r.name for r in paginate(runs.list_runs, page_size=3, sort_by="name", filter=Filter.in_("name", ["run-1", "run-5"]))] == \
        ["run-1", "run-5"]

    jobs = JobServiceApi(kfp_api_client)
    for i in range(3):
        jobs.create_job(ApiJob(name=f"job-{i}", pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline.id),
                               max_concurrency=1, enabled=False))
    assert [j.name for j in paginate(jobs.list_jobs, page_size=2, sort_by="name")] == ["job-0", "job-1", "job-2"]


def test_paginate_tasks(kfp_api_client):
    pipeline = _upload(kfp_api_client, "tasked")
    runs = RunServiceApi(kfp_api_client)
    run_ids = sorted(runs.create_run(ApiRun(name=f"r{i}", pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline.id))).run.id
                     for i in range(5))
    tasks = TaskServiceApi(kfp_api_client)
    created = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    for run_id in run_ids:
        tasks.create_task(ApiTask(pipeline_name="pipeline/p", run_id=run_id, mlmd_execution_id="1",
                                  fingerprint="f", created_at=created))
    assert [t.run_id for t in paginate(tasks.list_tasks, page_size=2, sort_by="run_id")] == run_ids


def test_paginate_empty_list_yields_nothing(kfp_api_client):
    runs = RunServiceApi(kfp_api_client)
    assert list(paginate(runs.list_runs)) == []
    pages = list(paginate_pages(runs.list_runs))
    assert len(pages) == 1 and pages[0].runs is None


def test_what_is_sent_on_each_page(recording_server, api_client):
    recording_server.respond(200, {"runs": [{"id": "a"}, {"id": "b"}], "total_size": 3, "next_page_token": "T1"})
    recording_server.respond(200, {"runs": [{"id": "c"}], "total_size": 3})
    api = RunServiceApi(api_client)
    f = Filter.equals("status", "Failed")
    ids = [r.id for r in paginate(api.list_runs, page_size=2, sort_by="name", filter=f,
                                  resource_reference_key_type="EXPERIMENT", resource_reference_key_id="e1")]
    assert ids == ["a", "b", "c"]
    first, second = (dict(r.query) for r in recording_server.requests)
    common = {"page_size": "2", "sort_by": "name", "filter": str(f),
              "resource_reference_key.type": "EXPERIMENT", "resource_reference_key.id": "e1"}
    assert first == common
    assert second == {**common, "page_token": "T1"}


def test_page_token_starts_the_walk_and_repeated_token_stops_it(recording_server, api_client):
    api = RunServiceApi(api_client)
    recording_server.respond(200, {"runs": [{"id": "x"}], "next_page_token": "SAME"})
    recording_server.respond(200, {"runs": [{"id": "y"}], "next_page_token": "SAME"})
    items = paginate(api.list_runs, page_token="START")
    assert next(items).id == "x"
    assert next(items).id == "y"
    with pytest.raises(ApiValueError, match="SAME"):
        next(items)
    assert dict(recording_server.requests[0].query)["page_token"] == "START"
    assert len(recording_server.requests) == 2


def test_server_errors_surface_from_the_page_request(kfp_api_client):
    api = ExperimentServiceApi(kfp_api_client)
    items = paginate(api.list_experiment, sort_by="no_such_field")
    with pytest.raises(BadRequestException, match="Invalid sorting field"):
        next(items)


def test_bad_arguments_fail_before_any_request(recording_server, api_client):
    runs = RunServiceApi(api_client)
    with pytest.raises(ApiTypeError, match="get_run does not"):
        paginate(runs.get_run)
    with pytest.raises(ApiValueError, match="greater than 0"):
        paginate(runs.list_runs, page_size=0)
    with pytest.raises(ApiTypeError, match="page_size must be an int"):
        paginate_pages(runs.list_runs, page_size="10")
    with pytest.raises(ApiTypeError, match="async_req"):
        paginate(runs.list_runs, async_req=True)
    with pytest.raises(ApiTypeError, match="list method"):
        paginate("list_runs")
    assert recording_server.requests == []
    # An unknown keyword is reported by the list method itself on the first page.
    with pytest.raises(ApiTypeError, match="unexpected keyword argument 'colour'"):
        next(paginate(runs.list_runs, colour="red"))


def test_a_callable_that_does_not_return_pages_is_rejected():
    with pytest.raises(ApiTypeError, match="ApiRun, which is not a list response"):
        next(paginate(lambda **kw: ApiRun(), page_size=1))


def test_page_size_none_uses_the_server_default(kfp_api_client):
    api = ExperimentServiceApi(kfp_api_client)
    for i in range(25):
        api.create_experiment(ApiExperiment(name=f"d{i}"))
    pages = list(paginate_pages(api.list_experiment, page_size=None))
    assert [len(p.experiments) for p in pages] == [20, 6]
