"""The route table: every operation of the v1beta1 spec (37) and the task spec (2).

Each route maps (method, path template) to a small adapter that turns the parsed request
into one :class:`~kfp_server_api.stub.backend.Backend` call. ``method=None`` matches any
method (the real server registers the upload and healthz handlers for every method).
"""
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Pattern, Tuple

from .experiments import ExperimentsMixin

Handler = Callable[[Any, Any], Any]
#: ``(function, parameter name)``: ``function(backend, params[name], caller)`` -> JSON body.
Reader = Tuple[Callable[[Any, str, Any], bytes], str]


@dataclass
class Route:
    """One route: ``{name}`` in ``path`` captures one path segment."""

    method: Optional[str]
    path: str
    operation: str
    handler: Handler
    regex: Pattern = field(init=False)
    #: The literal part before the first parameter: a cheap test before the regex.
    prefix: str = field(init=False)
    #: No parameters: the path itself is compared, no regex runs.
    literal: bool = field(init=False)
    #: A body-less read served without a :class:`~kfp_server_api.stub.wsgi.Request`:
    #: ``(function, name)``, where ``function(backend, params[name], caller)`` returns the JSON
    #: body of the 200 answer (or raises StubError). Used only for requests without a query
    #: string: a query is parsed, and rejected when malformed, by the ordinary handler's Request.
    reader: Optional[Reader] = None

    def __post_init__(self) -> None:
        self.prefix = self.path.split("{", 1)[0]
        self.literal = self.prefix == self.path
        self.regex = re.compile(f"^{self.pattern()}\\Z")

    def pattern(self, group_prefix: str = "") -> str:
        """The path as a regular expression; each ``{name}`` is the group ``group_prefix + name``."""
        return re.sub(r"\\\{(\w+)\\\}", rf"(?P<{group_prefix}\1>[^/]+)", re.escape(self.path))


class RouteMatcher:
    """The routes of one method in table order, as ONE regular expression (one match per request).

    ``match(path)`` gives the first route whose path matches and its raw parameters, as trying
    each route's own regex in order would, or None.
    """

    def __init__(self, routes: List[Route], method: str) -> None:
        self._routes = [rt for rt in routes if rt.method is None or rt.method == method]
        self._regex = re.compile("|".join(f"(?P<r{i}>{rt.pattern(f'r{i}_')})\\Z" for i, rt in enumerate(self._routes))
                                 or r"(?!)")  # no route of this method: matches nothing
        # By the number of the matched alternative's own group: its route and (group number, name)
        # of each of its parameters.
        self._by_group = {
            self._regex.groupindex[f"r{i}"]: (rt, [(self._regex.groupindex[f"r{i}_{name}"], name)
                                                  for name in re.findall(r"\{(\w+)\}", rt.path)])
            for i, rt in enumerate(self._routes)}

        # Fast path for the commonest shape, ".../{name}" under a literal parent: one rpartition
        # and one dict look-up instead of the regex. Literal routes that come earlier in the table
        # under the same parent (".../pipelines/upload" before ".../pipelines/{id}") are kept as
        # exceptions; a parent that any earlier route with parameters could also match is left to
        # the regex, so the answer is always the regex's (first route in table order).
        self._by_parent: Dict[str, Tuple[Route, str, Dict[str, Route]]] = {}
        for i, rt in enumerate(self._routes):
            parent, _, last = rt.path.rpartition("/")
            param = re.fullmatch(r"\{(\w+)\}", last)
            if parent in self._by_parent or "{" in parent or param is None:
                continue  # an earlier route takes every path under this parent / not this shape
            literals: Dict[str, Route] = {}
            clash = False
            for earlier in self._routes[:i]:
                e_parent, _, e_last = earlier.path.rpartition("/")
                e_parent_regex = re.sub(r"\\\{(\w+)\\\}", "[^/]+", re.escape(e_parent))
                if not re.fullmatch(e_parent_regex, parent):
                    continue  # cannot match any path under this parent
                if earlier.literal and e_parent == parent:
                    literals.setdefault(e_last, earlier)
                else:
                    clash = True
            if not clash:
                self._by_parent[parent] = (rt, param.group(1), literals)

    def match(self, path: str) -> Optional[Tuple[Route, Dict[str, str]]]:
        """(route, {parameter: raw segment}) of the first route matching ``path``."""
        parent, _, last = path.rpartition("/")
        fast = self._by_parent.get(parent)
        if fast is not None and last:
            rt, name, literals = fast
            if last in literals:
                return literals[last], {}
            return rt, {name: last}
        m = self._regex.match(path)
        if m is None:
            return None
        rt, groups = self._by_group[m.lastindex]  # type: ignore[index]  # set: an alternative matched
        params = {}
        for group, name in groups:
            params[name] = m[group]
        return rt, params


V1 = "/apis/v1beta1"
T1 = "/apis/v1alpha1"


# (method or None for any, path, operationId, adapter(backend, request)). Upload routes come
# before /pipelines/{id} so that "upload" is not taken for an id.
_TABLE = [
    (None, V1 + "/healthz", "GetHealthz", lambda b, r: r.raw_response(200, b.healthz(), "application/json")),
    (None, V1 + "/pipelines/upload", "UploadPipeline",
     lambda b, r: b.upload_pipeline(r.upload_stream(), r.query, r.caller)),
    (None, V1 + "/pipelines/upload_version", "UploadPipelineVersion",
     lambda b, r: b.upload_pipeline_version(r.upload_stream(), r.query, r.caller)),
    # experiments
    ("POST", V1 + "/experiments", "CreateExperimentV1", lambda b, r: b.create_experiment(r.json(), r.caller)),
    ("GET", V1 + "/experiments", "ListExperimentsV1", lambda b, r: b.list_experiments(r.query, r.caller)),
    ("GET", V1 + "/experiments/{id}", "GetExperimentV1",
     lambda b, r: r.raw_response(200, b.get_experiment_json(r.params["id"], r.caller), "application/json")),
    ("DELETE", V1 + "/experiments/{id}", "DeleteExperimentV1",
     lambda b, r: b.delete_experiment(r.params["id"], r.caller)),
    ("POST", V1 + "/experiments/{id}:archive", "ArchiveExperimentV1",
     lambda b, r: b.archive_experiment(r.params["id"], r.caller)),
    ("POST", V1 + "/experiments/{id}:unarchive", "UnarchiveExperimentV1",
     lambda b, r: b.unarchive_experiment(r.params["id"], r.caller)),
    # runs
    ("POST", V1 + "/runs", "CreateRunV1", lambda b, r: b.create_run(r.json(), r.caller)),
    ("GET", V1 + "/runs", "ListRunsV1", lambda b, r: b.list_runs(r.query, r.caller)),
    ("GET", V1 + "/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read", "ReadArtifactV1",
     lambda b, r: b.read_artifact(r.params["run_id"], r.params["node_id"], r.params["artifact_name"], r.caller)),
    ("POST", V1 + "/runs/{run_id}:reportMetrics", "ReportRunMetricsV1",
     lambda b, r: b.report_run_metrics(r.params["run_id"], r.json(), r.caller)),
    ("POST", V1 + "/runs/{id}:archive", "ArchiveRunV1", lambda b, r: b.archive_run(r.params["id"], r.caller)),
    ("POST", V1 + "/runs/{id}:unarchive", "UnarchiveRunV1", lambda b, r: b.unarchive_run(r.params["id"], r.caller)),
    ("POST", V1 + "/runs/{run_id}/retry", "RetryRunV1", lambda b, r: b.retry_run(r.params["run_id"], r.caller)),
    ("POST", V1 + "/runs/{run_id}/terminate", "TerminateRunV1",
     lambda b, r: b.terminate_run(r.params["run_id"], r.caller)),
    ("GET", V1 + "/runs/{run_id}", "GetRunV1", lambda b, r: b.get_run(r.params["run_id"], r.caller)),
    ("DELETE", V1 + "/runs/{id}", "DeleteRunV1", lambda b, r: b.delete_run(r.params["id"], r.caller)),
    # jobs
    ("POST", V1 + "/jobs", "CreateJob", lambda b, r: b.create_job(r.json(), r.caller)),
    ("GET", V1 + "/jobs", "ListJobs", lambda b, r: b.list_jobs(r.query, r.caller)),
    ("GET", V1 + "/jobs/{id}", "GetJob", lambda b, r: b.get_job(r.params["id"], r.caller)),
    ("DELETE", V1 + "/jobs/{id}", "DeleteJob", lambda b, r: b.delete_job(r.params["id"], r.caller)),
    ("POST", V1 + "/jobs/{id}/enable", "EnableJob", lambda b, r: b.enable_job(r.params["id"], r.caller)),
    ("POST", V1 + "/jobs/{id}/disable", "DisableJob", lambda b, r: b.disable_job(r.params["id"], r.caller)),
    # pipelines and versions
    ("POST", V1 + "/pipelines", "CreatePipelineV1", lambda b, r: b.create_pipeline(r.json(), r.caller)),
    ("GET", V1 + "/pipelines", "ListPipelinesV1", lambda b, r: b.list_pipelines(r.query, r.caller)),
    ("GET", V1 + "/pipelines/{id}", "GetPipelineV1", lambda b, r: b.get_pipeline(r.params["id"], r.caller)),
    ("DELETE", V1 + "/pipelines/{id}", "DeletePipelineV1", lambda b, r: b.delete_pipeline(r.params["id"], r.caller)),
    ("GET", V1 + "/pipelines/{id}/templates", "GetTemplate", lambda b, r: b.get_template(r.params["id"], r.caller)),
    ("POST", V1 + "/pipelines/{pipeline_id}/default_version/{version_id}", "UpdatePipelineDefaultVersionV1",
     lambda b, r: b.update_pipeline_default_version(r.params["pipeline_id"], r.params["version_id"], r.caller)),
    ("GET", V1 + "/namespaces/{namespace}/pipelines/{name}", "GetPipelineByNameV1",
     lambda b, r: b.get_pipeline_by_name(r.params["namespace"], r.params["name"], r.caller)),
    ("POST", V1 + "/pipeline_versions", "CreatePipelineVersionV1",
     lambda b, r: b.create_pipeline_version(r.json(), r.caller)),
    ("GET", V1 + "/pipeline_versions", "ListPipelineVersionsV1",
     lambda b, r: b.list_pipeline_versions(r.query, r.caller)),
    ("GET", V1 + "/pipeline_versions/{version_id}", "GetPipelineVersionV1",
     lambda b, r: b.get_pipeline_version(r.params["version_id"], r.caller)),
    ("DELETE", V1 + "/pipeline_versions/{version_id}", "DeletePipelineVersionV1",
     lambda b, r: b.delete_pipeline_version(r.params["version_id"], r.caller)),
    ("GET", V1 + "/pipeline_versions/{version_id}/templates", "GetPipelineVersionTemplate",
     lambda b, r: b.get_pipeline_version_template(r.params["version_id"], r.caller)),
    # tasks
    ("POST", T1 + "/tasks", "CreateTaskV1", lambda b, r: b.create_task(r.json(), r.caller)),
    ("GET", T1 + "/tasks", "ListTasksV1", lambda b, r: b.list_tasks(r.query, r.caller)),
]

#: Readers (see :attr:`Route.reader`) by operation: the same answer and errors as the handler.
_READERS: Dict[str, Reader] = {
    "GetExperimentV1": (ExperimentsMixin.get_experiment_json, "id"),
}

ROUTES: List[Route] = [Route(method, path, op, fn, _READERS.get(op)) for method, path, op, fn in _TABLE]
