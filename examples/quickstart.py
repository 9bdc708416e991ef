"""Quickstart: experiment -> upload a pipeline -> run it -> wait -> list, with kfp-server-api.

    python examples/quickstart.py                                  # against the bundled stub server
    python examples/quickstart.py --host https://kfp.example.com/pipeline --token "$TOKEN"

Without ``--host`` it starts the bundled stub server (``kfp_server_api.stub.StubServer``) in
this process, so it runs anywhere with no cluster. With ``--host`` it does the same against a
real Kubeflow Pipelines API server (``--token`` is sent as ``authorization: Bearer <token>``;
``KF_PIPELINES_TOKEN`` is used when ``--token`` is not given). Names get a random suffix so
that runs on a shared server do not collide; ``--cleanup`` deletes what was created.

Exit status: 0 when the run succeeded, 1 when it finished otherwise, 2 on an error.
"""
import argparse
import contextlib
import os
import sys
import tempfile
import uuid
from typing import Any, Iterator, List, Optional, Tuple

try:
    import kfp_server_api
except ImportError:  # a fresh checkout, not installed yet: use the package next to examples/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import kfp_server_api
from kfp_server_api import (ApiExperiment, ApiParameter, ApiPipelineSpec, ApiResourceKey, ApiResourceReference,
                            ApiRun, Configuration, Filter, paginate, wait_for_run)
from kfp_server_api.exceptions import ApiConnectionError, ApiException

#: A one-step Argo Workflow: what a compiled KFP v1 pipeline is, at its smallest.
PIPELINE_YAML = """\
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: quickstart-
spec:
  entrypoint: say
  arguments:
    parameters:
    - name: message
      value: hello
  templates:
  - name: say
    container:
      image: alpine:3.19
      command: [echo]
      args: ["{{workflow.parameters.message}}"]
"""


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--host", help="KFP API server URL, e.g. https://kfp.example.com/pipeline "
                                       "(default: start the bundled stub server)")
    parser.add_argument("--token", help="Bearer token for --host (default: $KF_PIPELINES_TOKEN)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the run (default 600)")
    parser.add_argument("--cleanup", action="store_true", help="delete the run, pipeline and experiment at the end")
    return parser.parse_args(argv)


@contextlib.contextmanager
def api_client(args: argparse.Namespace) -> Iterator[Tuple[kfp_server_api.ApiClient, float]]:
    """An ApiClient for ``--host``, or for a stub server started here, and the seconds between
    two polls of the run (runs on the stub take two seconds; real ones minutes)."""
    if args.host:
        config = Configuration(host=args.host)
        token = args.token or os.environ.get("KF_PIPELINES_TOKEN")
        if token:
            config.api_key["authorization"] = token
            config.api_key_prefix["authorization"] = "Bearer"
        with kfp_server_api.ApiClient(config) as client:
            yield client, 5.0
        return
    from kfp_server_api.stub import StubServer

    with StubServer(run_duration=2) as stub:
        print(f"Started the bundled stub server at {stub.url}")
        with stub.api_client() as client:
            yield client, 0.5


def walk(client: kfp_server_api.ApiClient, timeout: float, cleanup: bool, poll_interval: float) -> int:
    """The quickstart itself; returns the exit status."""
    experiments = kfp_server_api.ExperimentServiceApi(client)
    uploads = kfp_server_api.PipelineUploadServiceApi(client)
    pipelines = kfp_server_api.PipelineServiceApi(client)
    runs = kfp_server_api.RunServiceApi(client)
    suffix = uuid.uuid4().hex[:6]

    healthz = kfp_server_api.HealthzServiceApi(client).get_healthz()
    print(f"1. Connected to {client.configuration.host} (multi-user: {bool(healthz.multi_user)})")

    experiment = experiments.create_experiment(ApiExperiment(name=f"quickstart-{suffix}",
                                                             description="created by examples/quickstart.py"))
    print(f"2. Created experiment {experiment.name!r} ({experiment.id})")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "quickstart.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(PIPELINE_YAML)
        pipeline = uploads.upload_pipeline(path, name=f"quickstart-{suffix}")
    print(f"3. Uploaded pipeline {pipeline.name!r} ({pipeline.id}) from a {len(PIPELINE_YAML)}-byte Argo workflow")

    body = ApiRun(
        name=f"quickstart-run-{suffix}",
        pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline.id,
                                      parameters=[ApiParameter(name="message", value="hello from kfp-server-api")]),
        resource_references=[ApiResourceReference(key=ApiResourceKey(type="EXPERIMENT", id=experiment.id),
                                                  relationship="OWNER")],
    )
    run = runs.create_run(body).run
    print(f"4. Started run {run.name!r} ({run.id}), status {run.status}")

    last: List[Any] = [None]

    def report(detail: kfp_server_api.ApiRunDetail) -> None:
        if detail.run.status != last[0]:
            last[0] = detail.run.status
            print(f"   ... {detail.run.status}")

    print(f"5. Waiting for the run to finish (at most {timeout:g} s)")
    final = wait_for_run(runs, run.id, timeout=timeout, poll_interval=poll_interval, on_poll=report).run
    print(f"   Run finished: {final.status} at {final.finished_at.isoformat()}")

    listed = list(paginate(runs.list_runs, page_size=50, resource_reference_key_type="EXPERIMENT",
                           resource_reference_key_id=experiment.id,
                           filter=Filter.name_equals(run.name)))
    print(f"6. Listed the experiment's runs named {run.name!r}: {len(listed)} found")
    for item in listed:
        print(f"   - {item.name}  {item.status}  created {item.created_at.isoformat()}")

    if cleanup:
        runs.delete_run(run.id)
        # The server refuses to delete a pipeline that still has versions (the upload made one).
        for version in paginate(pipelines.list_pipeline_versions, resource_key_type="PIPELINE",
                                resource_key_id=pipeline.id):
            pipelines.delete_pipeline_version(version.id)
        pipelines.delete_pipeline(pipeline.id)
        experiments.delete_experiment(experiment.id)
        print("7. Cleaned up: deleted the run, the pipeline and the experiment")
    print("Done.")
    return 0 if (final.status or "").lower() == "succeeded" else 1


def main(argv: Optional[List[str]] = None) -> int:
    """Run the quickstart; returns the exit status."""
    args = parse_args(argv)
    try:
        with api_client(args) as (client, poll_interval):
            return walk(client, args.timeout, args.cleanup, poll_interval)
    except kfp_server_api.RunTimeoutError as error:
        print(f"error: {error}", file=sys.stderr)
    except ApiConnectionError as error:
        print(f"error: cannot reach the KFP API server: {error}", file=sys.stderr)
    except ApiException as error:
        print(f"error: the KFP API server refused a request: {error}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
