"""Contract tests: jobs (validation, enable/disable, scheduling on the stub clock)."""
import pytest

from kfp_server_api import ApiCronSchedule, ApiException, ApiPeriodicSchedule, ApiTrigger

from conftest import REAL_HOST, error_of
from test_runs import job_body, make_pipeline


def _periodic(seconds, start=None):
    return ApiTrigger(periodic_schedule=ApiPeriodicSchedule(interval_second=seconds, start_time=start))


def _runs_of(apis, job_id):
    page = apis.runs.list_runs(resource_reference_key_type="JOB", resource_reference_key_id=job_id, page_size=200)
    return page.runs or []


def test_create_job_shape(apis, http, uid):
    pipeline = make_pipeline(apis, uid)
    job = apis.jobs.create_job(job_body(f"job-{uid}", pipeline.id, trigger=_periodic(3600), max_concurrency=10,
                                        enabled=True))
    assert job.max_concurrency == 10 and job.enabled is True and job.status == "STATUS_UNSPECIFIED"
    assert job.trigger.periodic_schedule.interval_second == 3600
    assert job.mode is None and job.service_account == "pipeline-runner"
    types = [(r.key.type, r.relationship) for r in job.resource_references]
    assert types == [("EXPERIMENT", "OWNER"), ("PIPELINE", "CREATOR"), ("PIPELINE_VERSION", "CREATOR")]
    status, raw = http.json("GET", f"/apis/v1beta1/jobs/{job.id}")
    assert raw["max_concurrency"] == "10" and raw["trigger"] == {"periodic_schedule": {"interval_second": "3600"}}
    assert apis.jobs.get_job(job.id) == job


def test_job_validation(http, apis, uid):
    pipeline = make_pipeline(apis, uid)
    base = {"name": "j", "pipeline_spec": {"pipeline_id": pipeline.id}}
    cases = [
        ({}, "Max concurrency of a recurring run must be at leas 1 and at most 10. Received 0"),
        ({"max_concurrency": "11"}, "Received 11"),
        ({"max_concurrency": 1, "trigger": {"cron_schedule": {"cron": "* * * *"}}},
         "Schedule cron is not a supported format"),
        ({"max_concurrency": 1, "trigger": {"periodic_schedule": {"interval_second": 0}}},
         "Found invalid period schedule interval 0"),
    ]
    for extra, fragment in cases:
        status, body = http.json("POST", "/apis/v1beta1/jobs", {**base, **extra})
        assert status == 400, (extra, body)
        assert fragment in body["message"], (extra, body)
    status, body = http.json("POST", "/apis/v1beta1/jobs", {"max_concurrency": 1,
                                                            "pipeline_spec": {"pipeline_id": pipeline.id}})
    assert status == (500 if REAL_HOST else 400) and "Job name cannot be empty" in body["message"]


def test_enable_disable_and_delete(apis, uid):
    job = apis.jobs.create_job(job_body(f"ed-{uid}", make_pipeline(apis, uid).id))
    assert job.enabled is None  # disabled unless enabled:true or mode ENABLED
    apis.jobs.enable_job(job.id)
    got = apis.jobs.get_job(job.id)
    assert got.enabled is True and got.status == "ENABLED"
    apis.jobs.disable_job(job.id)
    assert apis.jobs.get_job(job.id).enabled is None
    apis.jobs.delete_job(job.id)
    for call in (apis.jobs.get_job, apis.jobs.enable_job, apis.jobs.delete_job):
        with pytest.raises(ApiException) as info:
            call(job.id)
        assert info.value.status == 404
        assert error_of(info.value)["details"][0]["message"] == f"Job {job.id} not found"


def test_periodic_job_starts_runs_as_clock_advances(stub, apis, uid):
    job = apis.jobs.create_job(job_body(f"per-{uid}", make_pipeline(apis, uid).id, enabled=True,
                                        trigger=_periodic(60), max_concurrency=1))
    assert _runs_of(apis, job.id) == []
    stub.advance_clock(630)
    runs = _runs_of(apis, job.id)
    assert len(runs) == 10  # the first one interval after creation, as the ScheduledWorkflow controller
    assert all(r.status == "Succeeded" for r in runs)
    assert all(("JOB", job.id) in [(x.key.type, x.key.id) for x in r.resource_references] for r in runs)
    scheduled = sorted(r.scheduled_at for r in runs)
    assert all((b - a).total_seconds() == 60 for a, b in zip(scheduled, scheduled[1:]))
    # Each run was created when it was due and ran its 2 s before the next one started.
    for run in runs:
        assert run.created_at == run.scheduled_at
        assert (run.finished_at - run.created_at).total_seconds() == 2


def test_no_catchup_starts_only_the_latest(stub, apis, uid):
    job = apis.jobs.create_job(job_body(f"nc-{uid}", make_pipeline(apis, uid).id, enabled=True,
                                        trigger=_periodic(60), max_concurrency=5, no_catchup=True))
    assert job.no_catchup is True
    stub.advance_clock(600)
    assert len(_runs_of(apis, job.id)) == 1


def test_max_concurrency_limits_active_runs(stub, apis, uid):
    job = apis.jobs.create_job(job_body(f"mc-{uid}", make_pipeline(apis, uid).id, enabled=True,
                                        trigger=_periodic(10), max_concurrency=2))

    def hold_all():
        runs = _runs_of(apis, job.id)
        for run in runs:
            stub.set_run_status(run.id, "Running")  # manual status: stays active
        return runs

    stub.advance_clock(10)  # the first run, one interval after creation
    hold_all()
    stub.advance_clock(10)
    hold_all()
    stub.advance_clock(100)
    runs = hold_all()
    assert len(runs) == 2  # blocked at max_concurrency although 10 more times were due
    stub.set_run_status(runs[0].id, "Succeeded")
    stub.advance_clock(1)
    assert len(_runs_of(apis, job.id)) == 3  # a missed time is caught up as soon as a slot frees


def test_cron_job_with_seconds_field(stub, apis, uid):
    job = apis.jobs.create_job(job_body(f"cron-{uid}", make_pipeline(apis, uid).id, enabled=True,
                                        trigger=ApiTrigger(cron_schedule=ApiCronSchedule(cron="0 * * * * *")),
                                        max_concurrency=10))
    stub.advance_clock(180)
    runs = _runs_of(apis, job.id)
    assert len(runs) in (3, 4)
    assert all(r.scheduled_at.second == 0 for r in runs)


def test_disabled_job_does_not_fire(stub, apis, uid):
    job = apis.jobs.create_job(job_body(f"off-{uid}", make_pipeline(apis, uid).id, enabled=False,
                                        trigger=_periodic(60)))
    stub.advance_clock(600)
    assert _runs_of(apis, job.id) == []


def test_list_jobs_by_experiment(apis, uid):
    from kfp_server_api import ApiExperiment

    exp = apis.experiments.create_experiment(ApiExperiment(name=f"je-{uid}"))
    job = apis.jobs.create_job(job_body(f"le-{uid}", make_pipeline(apis, uid).id, experiment_id=exp.id))
    page = apis.jobs.list_jobs(resource_reference_key_type="EXPERIMENT", resource_reference_key_id=exp.id)
    assert [j.id for j in page.jobs] == [job.id] and page.total_size == 1


@pytest.mark.parametrize("no_catchup, expected", [(False, 5), (True, 1)])
def test_start_time_in_the_past_catches_up_unless_no_catchup(stub, apis, uid, no_catchup, expected):
    import datetime

    now = datetime.datetime.strptime(stub.now(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    start = now - datetime.timedelta(seconds=300)
    job = apis.jobs.create_job(job_body(f"past-{uid}", make_pipeline(apis, uid).id, enabled=True,
                                        trigger=_periodic(60, start=start), max_concurrency=10,
                                        no_catchup=no_catchup))
    stub.advance_clock(1)
    runs = _runs_of(apis, job.id)
    assert len(runs) == expected
    assert max(r.scheduled_at for r in runs) == now  # start + 5 intervals
