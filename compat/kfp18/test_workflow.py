"""kfp 1.8.22 runs unchanged on top of this package: the whole user workflow, end to end.

Everything goes through ``kfp.Client`` (and its generated-API attributes such as
``client.runs``, which kfp builds by introspecting ``kfp_server_api``), against the bundled
stub started in-process. The same ordered steps run twice: against an open stub, and against a
stub that wants ``authorization: Bearer <token>`` with ``kfp.Client(existing_token=...)``.

Time: kfp's ``wait_for_run_completion`` polls ``get_run`` every 5 s with ``time.sleep(5)``.
The ``stub_time`` fixture gives ``kfp._client`` a ``time`` whose ``sleep`` advances the stub
clock instead, so kfp's real polling loop runs against runs that really progress
(Pending -> Running -> Succeeded after ``RUN_SECONDS`` stub seconds) without waiting.
"""
import datetime
import json
import os
import types
from typing import Any, Callable, Dict, Iterator, List

import pytest
from kfp18_clock import StubTime, kfp_sleep_on_stub_clock
from kfp18_stub import reference_mode, running_stub

import kfp_server_api

#: Stub seconds from a run's creation to Succeeded: several kfp polls (5 s each) apart.
RUN_SECONDS = 30
TOKEN = "kfp18-s3cr3t"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

EXP_A, EXP_B, EXP_PKG = "kfp18-exp-a", "kfp18-exp-b", "kfp18-exp-from-package"
PIPELINE, PIPELINE_2 = "kfp18-greeter-pipeline", "kfp18-single-pipeline"
TERMINAL = ("succeeded", "failed", "skipped", "error")


@pytest.fixture(scope="module", params=["no-auth", "bearer-token"])
def stub(request: pytest.FixtureRequest, kfp: types.ModuleType) -> Iterator[Any]:
    """A stub server, open or token-protected."""
    token = TOKEN if request.param == "bearer-token" else None
    with running_stub(token=token, run_duration=RUN_SECONDS) as server:
        yield server


@pytest.fixture(scope="module")
def client(kfp: types.ModuleType, stub: Any) -> Any:
    """``kfp.Client`` for the stub, with the token when the stub wants one."""
    return kfp.Client(host=stub.url, existing_token=stub.token)


@pytest.fixture(scope="module")
def stub_time(kfp: types.ModuleType, stub: Any) -> Iterator[StubTime]:
    """Route kfp's poll sleeps to the stub clock for this module."""
    with kfp_sleep_on_stub_clock(stub) as fake:
        yield fake


@pytest.fixture(scope="module")
def world() -> Dict[str, Any]:
    """What earlier steps created (ids), per stub."""
    return {}


def all_pages(list_page: Callable[..., Any], items: str, page_size: int, **kwargs: Any) -> List[Any]:
    """Follow ``next_page_token`` to the end, checking each page's size; all items in order."""
    out: List[Any] = []
    token = ""
    for _ in range(100):
        page = list_page(page_token=token, page_size=page_size, **kwargs)
        got = getattr(page, items) or []
        assert len(got) <= page_size
        out.extend(got)
        token = page.next_page_token
        if not token:
            assert page.total_size == len(out)
            return out
        assert len(got) == page_size, "a page before the last one must be full"
    raise AssertionError("paging did not end")


def names(items: List[Any]) -> List[str]:
    """The ``name`` of each item."""
    return [item.name for item in items]


def refs(resource: Any) -> Dict[str, str]:
    """Resource references as {type: id}."""
    return {r.key.type: r.key.id for r in resource.resource_references or []}


def params(resource: Any) -> Dict[str, str]:
    """Pipeline-spec parameters as {name: value}."""
    return {p.name: p.value for p in resource.pipeline_spec.parameters or []}


def expect_404(call: Callable[[], Any]) -> kfp_server_api.ApiException:
    """Run ``call``; it must raise ``kfp_server_api.ApiException`` with status 404."""
    with pytest.raises(kfp_server_api.ApiException) as info:
        call()
    assert info.value.status == 404, info.value
    return info.value


def runs_of_job(client: Any, experiment_id: str, job_id: str) -> List[Any]:
    """The runs a recurring run started, in schedule order."""
    runs = all_pages(client.list_runs, "runs", 50, experiment_id=experiment_id)
    return sorted((r for r in runs if refs(r).get("JOB") == job_id), key=lambda r: r.scheduled_at)


def epoch(value: datetime.datetime) -> int:
    """Unix seconds of an aware datetime."""
    assert value.tzinfo is not None, "timestamps must come back timezone-aware"
    return int(value.timestamp())


@pytest.mark.incremental
@pytest.mark.usefixtures("stub_time")
class TestWorkflow:
    """One user's day with kfp 1.8.22, in order; ``world`` carries ids between steps."""

    def test_client_talks_to_this_package(self, kfp: types.ModuleType, client: Any) -> None:
        """kfp 1.8.22 on this package: healthz, and the structs kfp builds by introspection."""
        assert kfp.__version__ == "1.8.22", kfp.__version__
        if not reference_mode():
            assert os.path.abspath(kfp_server_api.__file__).startswith(REPO_ROOT + os.sep), (
                "kfp must run on this repo's kfp_server_api, not the one pip pulled in: " + kfp_server_api.__file__
            )
        health = client.get_kfp_healthz()
        assert isinstance(health, kfp_server_api.ApiGetHealthzResponse)
        assert health.multi_user is False
        # kfp.Client builds these by introspecting kfp_server_api (dir() of the package and models).
        for struct in ("experiments", "runs", "jobs", "pipelines", "pipeline_uploads", "healthzs"):
            assert hasattr(client, struct), struct
        assert callable(client.runs.archive_run) and callable(client.pipeline_uploads.upload_pipeline_version)
        assert client.api_models.ApiRun is kfp_server_api.ApiRun
        assert client.api_models.ApiResourceType.EXPERIMENT == "EXPERIMENT"

    def test_token_is_checked(self, kfp: types.ModuleType, stub: Any) -> None:
        """Without the stub's token (or with a wrong one) calls are 401; an open stub needs none."""
        anonymous = kfp.Client(host=stub.url)  # healthz (called by the constructor) needs no token
        if stub.token is None:
            assert "Default" in names(anonymous.list_experiments().experiments)
            return
        with pytest.raises(kfp_server_api.ApiException) as info:
            anonymous.list_experiments()
        assert info.value.status == 401
        wrong = kfp.Client(host=stub.url, existing_token="not-" + TOKEN)
        with pytest.raises(kfp_server_api.ApiException) as info:
            wrong.get_pipeline_id("anything")
        assert info.value.status == 401

    def test_experiments(self, client: Any, world: Dict[str, Any]) -> None:
        """Create (idempotent by name), get by id and name, list sorted and paged."""
        a = client.create_experiment(EXP_A, description="first experiment")
        b = client.create_experiment(EXP_B)
        assert (a.name, a.description, b.name) == (EXP_A, "first experiment", EXP_B)
        assert a.id and b.id and a.id != b.id
        assert a.storage_state == "STORAGESTATE_AVAILABLE"
        assert isinstance(a.created_at, datetime.datetime) and a.created_at.tzinfo is not None
        # kfp looks the name up first: creating it again returns the same experiment.
        assert client.create_experiment(EXP_A).id == a.id
        assert client.get_experiment(experiment_id=a.id).name == EXP_A
        assert client.get_experiment(experiment_name=EXP_B).id == b.id
        with pytest.raises(ValueError, match="No experiment is found with name"):
            client.get_experiment(experiment_name="kfp18-no-such-experiment")
        expect_404(lambda: client.get_experiment(experiment_id="no-such-experiment-id"))

        listed = all_pages(client.list_experiments, "experiments", 2, sort_by="name desc")
        assert names(listed) == [EXP_B, EXP_A, "Default"]
        first = client.list_experiments(page_size=2, sort_by="name desc")
        assert first.total_size == 3 and first.next_page_token
        world.update(exp_a=a.id, exp_b=b.id)

    def test_upload_pipeline(self, client: Any, packages: Any, world: Dict[str, Any]) -> None:
        """Upload compiled packages, look pipelines up by name, list them sorted and paged."""
        pipeline = client.upload_pipeline(packages.greeter, pipeline_name=PIPELINE, description="greets")
        assert (pipeline.name, pipeline.description) == (PIPELINE, "greets")
        assert {p.name: p.value for p in pipeline.parameters} == {"who": "world", "times": "2"}
        assert pipeline.default_version is not None and pipeline.default_version.id
        assert client.get_pipeline_id(PIPELINE) == pipeline.id
        assert client.get_pipeline_id("kfp18-no-such-pipeline") is None
        fetched = client.get_pipeline(pipeline.id)
        assert (fetched.id, fetched.name) == (pipeline.id, PIPELINE)
        assert isinstance(fetched.created_at, datetime.datetime)

        other = client.upload_pipeline(packages.single_zip, pipeline_name=PIPELINE_2)
        assert {p.name: p.value for p in other.parameters} == {"who": "solo"}
        listed = all_pages(client.list_pipelines, "pipelines", 1, sort_by="name desc")
        assert names(listed) == [PIPELINE_2, PIPELINE]
        world.update(pipeline=pipeline.id, pipeline_2=other.id, default_version=pipeline.default_version.id)

    def test_upload_versions(self, client: Any, packages: Any, world: Dict[str, Any]) -> None:
        """Upload versions by pipeline id, by name and the way the kfp CLI does; list them."""
        pid = world["pipeline"]
        by_id = client.upload_pipeline_version(packages.single_tgz, "v-tgz", pipeline_id=pid, description="tarball")
        assert by_id.name == "v-tgz" and by_id.id
        assert refs(by_id).get("PIPELINE") == pid
        assert {p.name: p.value for p in by_id.parameters} == {"who": "solo"}
        by_name = client.upload_pipeline_version(packages.greeter, "v-by-name", pipeline_name=PIPELINE)
        assert refs(by_name).get("PIPELINE") == pid
        # The kfp CLI (`kfp pipeline upload-version`) calls the generated API directly.
        via_cli = client.pipeline_uploads.upload_pipeline_version(packages.greeter, name="v-cli", pipelineid=pid)
        assert via_cli.name == "v-cli" and refs(via_cli).get("PIPELINE") == pid

        versions = all_pages(client.list_pipeline_versions, "versions", 2, pipeline_id=pid, sort_by="name")
        assert [v.name for v in versions] == sorted([PIPELINE, "v-tgz", "v-by-name", "v-cli"])
        assert {v.id for v in versions} == {world["default_version"], by_id.id, by_name.id, via_cli.id}
        world.update(version_tgz=by_id.id, version_by_name=by_name.id, version_cli=via_cli.id)

    def test_run_from_pipeline_id(self, client: Any, world: Dict[str, Any]) -> None:
        """A run from a pipeline id carries its parameters and experiment."""
        run = client.run_pipeline(world["exp_a"], "run-by-pipeline", pipeline_id=world["pipeline"],
                                  params={"who": "kfp", "times": 3})
        assert run.name == "run-by-pipeline" and run.id
        assert run.pipeline_spec.pipeline_id == world["pipeline"]
        assert params(run) == {"who": "kfp", "times": "3"}
        assert refs(run)["EXPERIMENT"] == world["exp_a"]
        assert (run.status or "").lower() not in TERMINAL
        world["run_pipeline"] = run.id

    def test_run_from_version_id(self, client: Any, world: Dict[str, Any]) -> None:
        """A run from a version id references that version."""
        run = client.run_pipeline(world["exp_a"], "run-by-version", version_id=world["version_tgz"],
                                  params={"who": "version"})
        assert run.name == "run-by-version"
        assert refs(run)["PIPELINE_VERSION"] == world["version_tgz"]
        assert refs(run)["EXPERIMENT"] == world["exp_a"]
        assert params(run) == {"who": "version"}
        world["run_version"] = run.id

    def test_run_from_package_file(self, client: Any, packages: Any, world: Dict[str, Any]) -> None:
        """Runs from a package file, directly and through create_run_from_pipeline_package."""
        run = client.run_pipeline(world["exp_a"], "run-from-file", pipeline_package_path=packages.greeter,
                                  params={"who": ["a", "b"]})
        assert params(run) == {"who": '["a", "b"]'}  # kfp JSON-encodes lists
        manifest = json.loads(client.get_run(run.id).run.pipeline_spec.workflow_manifest)
        assert manifest["kind"] == "Workflow"
        assert manifest["metadata"]["generateName"].startswith("kfp18-greeter-")
        world["run_file"] = run.id

        result = client.create_run_from_pipeline_package(packages.greeter, {"who": "package"},
                                                         run_name="run-via-package", experiment_name=EXP_PKG)
        assert result.run_id
        created = client.get_experiment(experiment_name=EXP_PKG)  # kfp created the experiment
        detail = client.get_run(result.run_id)
        assert detail.run.name == "run-via-package"
        assert refs(detail.run)["EXPERIMENT"] == created.id
        world.update(exp_pkg=created.id, run_package=result)

    def test_list_and_get_runs(self, client: Any, world: Dict[str, Any]) -> None:
        """List runs sorted and paged, per experiment and overall; get one; 404 for an unknown id."""
        in_a = all_pages(client.list_runs, "runs", 2, experiment_id=world["exp_a"], sort_by="name")
        assert names(in_a) == ["run-by-pipeline", "run-by-version", "run-from-file"]
        newest_first = all_pages(client.list_runs, "runs", 3, sort_by="created_at desc")
        assert len(newest_first) == 4
        created = [r.created_at for r in newest_first]
        assert created == sorted(created, reverse=True)
        assert names(client.list_runs(experiment_id=world["exp_pkg"]).runs) == ["run-via-package"]

        detail = client.get_run(world["run_pipeline"])
        assert detail.run.id == world["run_pipeline"] and detail.run.name == "run-by-pipeline"
        assert params(detail.run) == {"who": "kfp", "times": "3"}
        assert detail.pipeline_runtime is not None
        error = expect_404(lambda: client.get_run("no-such-run-id"))
        assert "no-such-run-id" in (error.body or "")

    def test_wait_for_run_completion(self, client: Any, stub: Any, stub_time: StubTime,
                                     world: Dict[str, Any]) -> None:
        """kfp polls until Succeeded or Failed; timeout=0 raises TimeoutError."""
        polls_before = len(stub_time.sleeps)
        done = client.wait_for_run_completion(world["run_pipeline"], timeout=60)
        assert done.run.status == "Succeeded"
        assert len(stub_time.sleeps) - polls_before >= 2, "kfp should have polled a running run"
        assert epoch(done.run.finished_at) >= epoch(done.run.created_at) + RUN_SECONDS

        # RunPipelineResult.wait_for_run_completion() waits without a timeout (timedelta.max).
        assert world["run_package"].wait_for_run_completion().run.status == "Succeeded"

        stub.set_run_status(world["run_version"], "Failed")
        assert client.wait_for_run_completion(world["run_version"], timeout=60).run.status == "Failed"

        fresh = client.run_pipeline(world["exp_a"], "run-too-slow", pipeline_id=world["pipeline"])
        with pytest.raises(TimeoutError):
            client.wait_for_run_completion(fresh.id, timeout=0)
        world["run_slow"] = fresh.id

    def test_recurring_run_cron(self, client: Any, stub: Any, world: Dict[str, Any]) -> None:
        """A cron recurring run starts one run per hour crossed; disabled, it starts none."""
        job = client.create_recurring_run(world["exp_b"], "kfp18-cron", cron_expression="0 0 * * * *",
                                          pipeline_id=world["pipeline"], params={"who": "cron"}, max_concurrency=2)
        assert job.name == "kfp18-cron" and job.id
        assert job.trigger.cron_schedule.cron == "0 0 * * * *"
        assert str(job.max_concurrency) == "2"
        assert job.enabled is True
        assert params(job) == {"who": "cron"}
        assert refs(job)["EXPERIMENT"] == world["exp_b"]
        fetched = client.get_recurring_run(job.id)
        assert (fetched.id, fetched.name, fetched.enabled) == (job.id, "kfp18-cron", True)

        since = epoch(fetched.created_at)
        stub.advance_clock(2 * 3600 + 60)
        until = int(datetime.datetime.strptime(stub.now(), "%Y-%m-%dT%H:%M:%SZ")
                    .replace(tzinfo=datetime.timezone.utc).timestamp())
        hours = [t for t in range(since, until + 1) if t % 3600 == 0]
        started = runs_of_job(client, world["exp_b"], job.id)
        assert [epoch(r.scheduled_at) for r in started] == hours
        assert all(params(r) == {"who": "cron"} for r in started)

        assert client.disable_job(job.id) == {}
        assert client.get_recurring_run(job.id).enabled in (False, None)
        stub.advance_clock(2 * 3600)
        assert len(runs_of_job(client, world["exp_b"], job.id)) == len(hours), "a disabled job started runs"
        world.update(job_cron=job.id, cron_runs=len(hours))

    def test_recurring_run_interval(self, client: Any, stub: Any, world: Dict[str, Any]) -> None:
        """An interval recurring run with a start time and no_catchup fires only the latest missed time."""
        start = stub.now()  # kfp passes start_time through as an RFC 3339 string
        job = client.create_recurring_run(world["exp_b"], "kfp18-interval", description="every half hour",
                                          interval_second=1800, start_time=start, no_catchup=True,
                                          version_id=world["version_tgz"])
        periodic = job.trigger.periodic_schedule
        assert str(periodic.interval_second) == "1800"
        assert periodic.start_time.strftime("%Y-%m-%dT%H:%M:%SZ") == start
        assert job.no_catchup is True and job.description == "every half hour"
        assert str(job.max_concurrency) == "1"
        assert refs(job)["PIPELINE_VERSION"] == world["version_tgz"]

        stub.advance_clock(3 * 1800 + 60)
        started = runs_of_job(client, world["exp_b"], job.id)
        # no_catchup: missed times are skipped, the latest one fires.
        assert 1 <= len(started) < 4
        assert epoch(started[-1].scheduled_at) == epoch(periodic.start_time) + 3 * 1800
        world["job_interval"] = job.id

    def test_list_enable_delete_recurring_runs(self, client: Any, world: Dict[str, Any]) -> None:
        """List recurring runs sorted and paged; enable one; delete one (its runs stay)."""
        jobs = all_pages(client.list_recurring_runs, "jobs", 1, experiment_id=world["exp_b"], sort_by="name")
        assert names(jobs) == ["kfp18-cron", "kfp18-interval"]
        assert client.jobs.enable_job(world["job_cron"]) == {}
        assert client.get_recurring_run(world["job_cron"]).enabled is True

        interval_runs = runs_of_job(client, world["exp_b"], world["job_interval"])
        assert client.delete_job(world["job_interval"]) == {}
        expect_404(lambda: client.get_recurring_run(world["job_interval"]))
        assert names(client.list_recurring_runs(experiment_id=world["exp_b"]).jobs) == ["kfp18-cron"]
        # Runs a deleted job started stay.
        assert len(runs_of_job(client, world["exp_b"], world["job_interval"])) == len(interval_runs)

    def test_archive_and_unarchive(self, client: Any, world: Dict[str, Any]) -> None:
        """Archiving an experiment archives its runs and disables its jobs; runs archive on their own too."""
        exp_b = world["exp_b"]
        client.archive_experiment(exp_b)  # kfp discards the API's {} and returns None
        assert client.get_experiment(experiment_id=exp_b).storage_state == "STORAGESTATE_ARCHIVED"
        runs_b = all_pages(client.list_runs, "runs", 50, experiment_id=exp_b)
        assert runs_b and {r.storage_state for r in runs_b} == {"STORAGESTATE_ARCHIVED"}
        assert client.get_recurring_run(world["job_cron"]).enabled in (False, None), "archiving disables jobs"
        assert client.experiments.unarchive_experiment(exp_b) == {}
        assert client.get_experiment(experiment_id=exp_b).storage_state == "STORAGESTATE_AVAILABLE"

        run_id = world["run_file"]
        assert client.runs.archive_run(run_id) == {}
        assert client.get_run(run_id).run.storage_state == "STORAGESTATE_ARCHIVED"
        assert client.runs.unarchive_run(run_id) == {}
        # AVAILABLE is the zero value of the run enum, which the server leaves out of the JSON.
        assert client.get_run(run_id).run.storage_state in (None, "STORAGESTATE_AVAILABLE")

    def test_delete_everything(self, client: Any, world: Dict[str, Any]) -> None:
        """Delete versions, pipelines, jobs, runs and experiments until only Default is left."""
        pid = world["pipeline"]
        for version in ("version_tgz", "version_by_name", "version_cli"):
            assert client.delete_pipeline_version(world[version]) == {}
        remaining = client.list_pipeline_versions(pid).versions
        assert [v.id for v in remaining] == [world["default_version"]]
        expect_404(lambda: client.delete_pipeline_version(world["version_cli"]))

        # The server refuses to delete a pipeline that still has versions (its default one here).
        with pytest.raises(kfp_server_api.ApiException) as info:
            client.delete_pipeline(pid)
        assert info.value.status == 400 and "existing pipeline versions" in info.value.body
        # Runs from a package file also left pipelines behind (the server files raw manifests
        # under a pipeline), so delete whatever is listed.
        pipelines = all_pages(client.list_pipelines, "pipelines", 10)
        assert {world["pipeline"], world["pipeline_2"]} <= {p.id for p in pipelines}
        for pipeline in pipelines:
            for version in all_pages(client.list_pipeline_versions, "versions", 10, pipeline_id=pipeline.id):
                assert client.delete_pipeline_version(version.id) == {}
            assert not client.list_pipeline_versions(pipeline.id).versions
            assert client.delete_pipeline(pipeline.id) == {}
            expect_404(lambda: client.get_pipeline(pipeline.id))  # noqa: B023 - called at once
        assert client.get_pipeline_id(PIPELINE) is None
        assert not client.list_pipelines().pipelines

        assert client.delete_job(world["job_cron"]) == {}
        assert not client.list_recurring_runs().jobs

        runs = all_pages(client.list_runs, "runs", 50)
        assert len(runs) >= 5 + world["cron_runs"]
        for run in runs:
            assert client.runs.delete_run(run.id) == {}
        expect_404(lambda: client.get_run(world["run_pipeline"]))
        listed = client.list_runs()
        assert not listed.runs and not listed.total_size

        for key in ("exp_a", "exp_b", "exp_pkg"):
            assert client.delete_experiment(world[key]) == {}
            expect_404(lambda key=key: client.get_experiment(experiment_id=world[key]))
        assert names(client.list_experiments().experiments) == ["Default"]

    def test_missing_ids_give_404(self, client: Any) -> None:
        """Calls on ids that never existed raise ApiException with status 404."""
        missing = "00000000-0000-0000-0000-000000000000"
        for call in (
            lambda: client.get_run(missing),
            lambda: client.get_pipeline(missing),
            lambda: client.get_recurring_run(missing),
            lambda: client.get_experiment(experiment_id=missing),
            lambda: client.delete_experiment(missing),
            lambda: client.delete_pipeline(missing),
            lambda: client.delete_pipeline_version(missing),
            lambda: client.delete_job(missing),
            lambda: client.disable_job(missing),
            lambda: client.runs.archive_run(missing),
        ):
            error = expect_404(call)
            assert isinstance(error.status, int) and missing in (error.body or "")
