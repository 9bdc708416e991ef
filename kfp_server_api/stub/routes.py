"""The route table: every operation of the v1beta1 spec (37) and the task spec (2).

Each route maps (method, path template) to a small adapter that turns the parsed request
into one :class:`~kfp_server_api.stub.backend.Backend` call. ``method=None`` matches any
method (the real server registers the upload and healthz handlers for every method).
"""
import re
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Pattern

Handler = Callable[[Any, Any], Any]


@dataclass
class Route:
    """One route: ``{name}`` in ``path`` captures one path segment."""

    method: Optional[str]
    path: str
    operation: str
    handler: Handler
    regex: Pattern = field(init=False)

    def __post_init__(self) -> None:
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+?)", re.escape(self.path))
        self.regex = re.compile(f"^{pattern}$")


ROUTES: List[Route] = []
V1 = "/apis/v1beta1"


def route(method: Optional[str], path: str, operation: str) -> Callable[[Handler], Handler]:
    """Register ``fn(backend, request)`` for ``method path``."""

    def register(fn: Handler) -> Handler:
        ROUTES.append(Route(method, path, operation, fn))
        return fn

    return register


# -- healthz and uploads (plain HTTP handlers in the real server: any method) -----------------
@route(None, V1 + "/healthz", "GetHealthz")
def _healthz(b, r):
    return r.raw_response(200, b.healthz(), "application/json")


@route(None, V1 + "/pipelines/upload", "UploadPipeline")
def _upload(b, r):
    return b.upload_pipeline(r.upload_stream(), r.query, r.caller)


@route(None, V1 + "/pipelines/upload_version", "UploadPipelineVersion")
def _upload_version(b, r):
    return b.upload_pipeline_version(r.upload_stream(), r.query, r.caller)


# -- experiments ------------------------------------------------------------------------------
@route("POST", V1 + "/experiments", "CreateExperimentV1")
def _create_experiment(b, r):
    return b.create_experiment(r.json(), r.caller)


@route("GET", V1 + "/experiments", "ListExperimentsV1")
def _list_experiments(b, r):
    return b.list_experiments(r.query, r.caller)


@route("GET", V1 + "/experiments/{id}", "GetExperimentV1")
def _get_experiment(b, r):
    return b.get_experiment(r.params["id"], r.caller)


@route("DELETE", V1 + "/experiments/{id}", "DeleteExperimentV1")
def _delete_experiment(b, r):
    return b.delete_experiment(r.params["id"], r.caller)


@route("POST", V1 + "/experiments/{id}:archive", "ArchiveExperimentV1")
def _archive_experiment(b, r):
    return b.archive_experiment(r.params["id"], r.caller)


@route("POST", V1 + "/experiments/{id}:unarchive", "UnarchiveExperimentV1")
def _unarchive_experiment(b, r):
    return b.unarchive_experiment(r.params["id"], r.caller)


# -- runs -------------------------------------------------------------------------------------
@route("POST", V1 + "/runs", "CreateRunV1")
def _create_run(b, r):
    return b.create_run(r.json(), r.caller)


@route("GET", V1 + "/runs", "ListRunsV1")
def _list_runs(b, r):
    return b.list_runs(r.query, r.caller)


@route("GET", V1 + "/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read", "ReadArtifactV1")
def _read_artifact(b, r):
    p = r.params
    return b.read_artifact(p["run_id"], p["node_id"], p["artifact_name"], r.caller)


@route("POST", V1 + "/runs/{run_id}:reportMetrics", "ReportRunMetricsV1")
def _report_metrics(b, r):
    return b.report_run_metrics(r.params["run_id"], r.json(), r.caller)


@route("POST", V1 + "/runs/{id}:archive", "ArchiveRunV1")
def _archive_run(b, r):
    return b.archive_run(r.params["id"], r.caller)


@route("POST", V1 + "/runs/{id}:unarchive", "UnarchiveRunV1")
def _unarchive_run(b, r):
    return b.unarchive_run(r.params["id"], r.caller)


@route("POST", V1 + "/runs/{run_id}/retry", "RetryRunV1")
def _retry_run(b, r):
    return b.retry_run(r.params["run_id"], r.caller)


@route("POST", V1 + "/runs/{run_id}/terminate", "TerminateRunV1")
def _terminate_run(b, r):
    return b.terminate_run(r.params["run_id"], r.caller)


@route("GET", V1 + "/runs/{run_id}", "GetRunV1")
def _get_run(b, r):
    return b.get_run(r.params["run_id"], r.caller)


@route("DELETE", V1 + "/runs/{id}", "DeleteRunV1")
def _delete_run(b, r):
    return b.delete_run(r.params["id"], r.caller)


# -- jobs -------------------------------------------------------------------------------------
@route("POST", V1 + "/jobs", "CreateJob")
def _create_job(b, r):
    return b.create_job(r.json(), r.caller)


@route("GET", V1 + "/jobs", "ListJobs")
def _list_jobs(b, r):
    return b.list_jobs(r.query, r.caller)


@route("GET", V1 + "/jobs/{id}", "GetJob")
def _get_job(b, r):
    return b.get_job(r.params["id"], r.caller)


@route("DELETE", V1 + "/jobs/{id}", "DeleteJob")
def _delete_job(b, r):
    return b.delete_job(r.params["id"], r.caller)


@route("POST", V1 + "/jobs/{id}/enable", "EnableJob")
def _enable_job(b, r):
    return b.enable_job(r.params["id"], r.caller)


@route("POST", V1 + "/jobs/{id}/disable", "DisableJob")
def _disable_job(b, r):
    return b.disable_job(r.params["id"], r.caller)


# -- pipelines and versions -------------------------------------------------------------------
@route("POST", V1 + "/pipelines", "CreatePipelineV1")
def _create_pipeline(b, r):
    return b.create_pipeline(r.json(), r.caller)


@route("GET", V1 + "/pipelines", "ListPipelinesV1")
def _list_pipelines(b, r):
    return b.list_pipelines(r.query, r.caller)


@route("GET", V1 + "/pipelines/{id}", "GetPipelineV1")
def _get_pipeline(b, r):
    return b.get_pipeline(r.params["id"], r.caller)


@route("DELETE", V1 + "/pipelines/{id}", "DeletePipelineV1")
def _delete_pipeline(b, r):
    return b.delete_pipeline(r.params["id"], r.caller)


@route("GET", V1 + "/pipelines/{id}/templates", "GetTemplate")
def _get_template(b, r):
    return b.get_template(r.params["id"], r.caller)


@route("POST", V1 + "/pipelines/{pipeline_id}/default_version/{version_id}", "UpdatePipelineDefaultVersionV1")
def _update_default_version(b, r):
    return b.update_pipeline_default_version(r.params["pipeline_id"], r.params["version_id"], r.caller)


@route("GET", V1 + "/namespaces/{namespace}/pipelines/{name}", "GetPipelineByNameV1")
def _get_pipeline_by_name(b, r):
    return b.get_pipeline_by_name(r.params["namespace"], r.params["name"], r.caller)


@route("POST", V1 + "/pipeline_versions", "CreatePipelineVersionV1")
def _create_version(b, r):
    return b.create_pipeline_version(r.json(), r.caller)


@route("GET", V1 + "/pipeline_versions", "ListPipelineVersionsV1")
def _list_versions(b, r):
    return b.list_pipeline_versions(r.query, r.caller)


@route("GET", V1 + "/pipeline_versions/{version_id}", "GetPipelineVersionV1")
def _get_version(b, r):
    return b.get_pipeline_version(r.params["version_id"], r.caller)


@route("DELETE", V1 + "/pipeline_versions/{version_id}", "DeletePipelineVersionV1")
def _delete_version(b, r):
    return b.delete_pipeline_version(r.params["version_id"], r.caller)


@route("GET", V1 + "/pipeline_versions/{version_id}/templates", "GetPipelineVersionTemplate")
def _get_version_template(b, r):
    return b.get_pipeline_version_template(r.params["version_id"], r.caller)


# -- tasks ------------------------------------------------------------------------------------
@route("POST", "/apis/v1alpha1/tasks", "CreateTaskV1")
def _create_task(b, r):
    return b.create_task(r.json(), r.caller)


@route("GET", "/apis/v1alpha1/tasks", "ListTasksV1")
def _list_tasks(b, r):
    return b.list_tasks(r.query, r.caller)
