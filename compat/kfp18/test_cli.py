"""The ``kfp`` command line of kfp 1.8.22 on top of this package, against the stub.

The CLI reads models differently from ``kfp.Client`` users: ``run.to_dict()`` with datetime
values, ``created_at.isoformat()``, resource-reference types compared with
``kfp_server_api.ApiResourceType`` constants, and it calls ``client.pipeline_uploads``
(built by introspection) directly. Commands run in-process through click with
``--output json`` and their printed JSON is checked.

Known kfp bug, not ours: ``kfp pipeline list-versions`` passes ``filter=`` to
``Client.list_pipeline_versions``, which has no such parameter, so it always fails.
"""
import ast
import json
import types
from typing import Any, Iterator

import pytest
from kfp18_clock import kfp_sleep_on_stub_clock
from kfp18_stub import running_stub

RUN_SECONDS = 12


@pytest.fixture(scope="module")
def cli_stub(kfp: types.ModuleType) -> Iterator[Any]:
    """A stub for the CLI tests, with kfp's poll sleeps moved onto its clock."""
    with running_stub(token=None, run_duration=RUN_SECONDS) as stub, kfp_sleep_on_stub_clock(stub):
        yield stub


@pytest.fixture(scope="module")
def kfp_cli(kfp: types.ModuleType, cli_stub: Any) -> Any:
    """``kfp_cli(*args)``: run ``kfp --endpoint <stub> --output json *args``; its output parsed."""
    from click.testing import CliRunner

    from kfp.cli.cli import cli
    from kfp.cli.experiment import experiment
    from kfp.cli.pipeline import pipeline
    from kfp.cli.recurring_run import recurring_run
    from kfp.cli.run import run

    for group in (run, recurring_run, pipeline, experiment):  # as kfp.cli.cli.main() does
        cli.add_command(group)
    runner = CliRunner()

    def invoke(*args: str, expect_exit: int = 0) -> Any:
        result = runner.invoke(cli, ["--endpoint", cli_stub.url, "--output", "json", *args], obj={})
        assert result.exit_code == expect_exit, (result.output, str(result.exception))
        if expect_exit:
            return result.exception
        text = result.output.strip()
        try:
            return json.loads(text)
        except ValueError:
            return text  # `run get --detail` prints a Python dict, not JSON

    return invoke


def test_kfp_cli_workflow(kfp_cli: Any, packages: Any) -> None:
    """The kfp CLI's experiment, pipeline, run and recurring-run commands, JSON output checked."""
    exp = kfp_cli("experiment", "create", "-d", "made by the CLI", "cli-exp")
    assert (exp["Name"], exp["Description"]) == ("cli-exp", "made by the CLI")
    assert exp["Created at"].endswith("+00:00")
    assert [e["Name"] for e in kfp_cli("experiment", "list", "--sort-by", "name")] == ["Default", "cli-exp"]
    assert kfp_cli("experiment", "get", exp["ID"])["Name"] == "cli-exp"

    uploaded = kfp_cli("pipeline", "upload", "-p", "cli-pipeline", "-d", "via CLI", packages.greeter)
    details = uploaded["Pipeline Details"]
    pid = details["Pipeline ID"]
    assert (details["Name"], details["Description"]) == ("cli-pipeline", "via CLI")
    assert details["Version ID"]  # found through rr.key.type == ApiResourceType.PIPELINE
    assert {p["Parameter Name"]: p["Default Value"] for p in uploaded["Pipeline Parameters"]} == {
        "who": "world", "times": "2"}
    version = kfp_cli("pipeline", "upload-version", "-n", "cli-pipeline", "-v", "cli-v2", packages.single_tgz)
    assert version["Version ID"] and version["Version name"] == "cli-v2" and version["Pipeline ID"] == pid
    assert [p["Name"] for p in kfp_cli("pipeline", "list")] == ["cli-pipeline"]
    assert kfp_cli("pipeline", "get", pid)["Pipeline Details"]["Name"] == "cli-pipeline"

    submitted = kfp_cli("run", "submit", "-e", "cli-exp", "-r", "cli-run", "-p", pid, "who=cli")
    (row,) = submitted
    assert (row["name"], row["status"], row["experiment id"]) == ("cli-run", "Pending", exp["ID"])
    # --watch waits for completion (kfp polls; the fixture moves the stub clock instead of sleeping).
    (waited,) = kfp_cli("run", "submit", "-e", "cli-exp", "-r", "cli-run-2", "-f", packages.greeter,
                        "-w", "-t", "60", "who=watched")
    assert waited["status"] == "Succeeded"
    assert {r["name"] for r in kfp_cli("run", "list", "-e", exp["ID"])} == {"cli-run", "cli-run-2"}
    (got,) = kfp_cli("run", "get", row["run id"])
    assert got["run id"] == row["run id"] and got["status"] == "Succeeded"

    # --detail prints run.to_dict() (datetimes as isoformat) as a Python dict.
    detail = ast.literal_eval(kfp_cli("run", "get", "-d", row["run id"]))
    assert detail["id"] == row["run id"] and detail["status"] == "Succeeded"
    assert detail["finished_at"] >= detail["created_at"]
    assert {"description", "error", "metrics", "storage_state"} <= set(detail)  # None-valued keys kept
    assert "pipeline_spec" not in detail
    assert {"EXPERIMENT", "PIPELINE_VERSION"} <= {r["key"]["type"] for r in detail["resource_references"]}

    job = kfp_cli("recurring-run", "create", "--experiment-name", "cli-exp", "--job-name", "cli-job",
                  "--cron-expression", "0 0 * * * *", "--pipeline-id", pid, "--max-concurrency", "2", "who=cron")
    assert job["Name"] == "cli-job"
    assert kfp_cli("recurring-run", "list", "-e", exp["ID"]) == [{"Recurring Run ID": job["Recurring Run ID"],
                                                                  "Name": "cli-job"}]
    assert kfp_cli("recurring-run", "get", job["Recurring Run ID"])["Name"] == "cli-job"
    kfp_cli("recurring-run", "delete", job["Recurring Run ID"])
    assert kfp_cli("recurring-run", "list") == []

    kfp_cli("experiment", "archive", "--experiment-name", "cli-exp")
    error = kfp_cli("experiment", "get", "no-such-experiment", expect_exit=1)
    assert getattr(error, "status", None) == 404
    kfp_cli("pipeline", "delete-version", version["Version ID"])
    kfp_cli("pipeline", "delete-version", details["Version ID"])
    kfp_cli("pipeline", "delete", pid)
    # (`run submit -f` filed its package under a pipeline of its own: the server's side effect.)
    assert "cli-pipeline" not in [p["Name"] for p in kfp_cli("pipeline", "list")]
