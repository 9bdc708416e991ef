"""Runs (note section 8): creation from a pipeline, a version or a manifest; lifecycle driven
by the stub clock; terminate/retry; metrics; artifacts; the synthetic Argo workflow.

Lifecycle (automatic): ``Pending`` at creation, ``Running`` one stub-second later (when the
run lasts longer than that), ``Succeeded`` with ``finished_at`` after ``run_duration``
stub-seconds. ``Terminating`` becomes ``Failed`` one stub-second later. The control API
(``set_run_status``) takes a run out of automatic progress.
"""
import base64
import json
import math
import re
import sqlite3
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from . import jsonpb
from .caller import ANONYMOUS, Caller
from .core import DEFAULT_SERVICE_ACCOUNT, list_page, list_response
from .errors import NOT_FOUND, StubError
from .experiments import ExperimentsMixin
from .listing_specs import RUNS
from .pipelines import PipelinesMixin

RUN_STATUSES = ("Pending", "Running", "Succeeded", "Failed", "Skipped", "Terminating", "Unknown")
TERMINAL = ("Succeeded", "Failed", "Skipped")
ACTIVE = ("Pending", "Running", "Terminating", "Unknown")
METRIC_NAME = re.compile(r"^[a-zA-Z]([-_a-zA-Z0-9]{0,62}[a-zA-Z0-9])?$")
METRIC_FORMATS = ("UNSPECIFIED", "RAW", "PERCENTAGE")
STORAGE_STATES = ("STORAGESTATE_AVAILABLE", "STORAGESTATE_ARCHIVED")
ARGO_PHASE = {
    "Pending": "Pending", "Running": "Running", "Succeeded": "Succeeded", "Failed": "Failed",
    "Skipped": "Succeeded", "Terminating": "Running", "Unknown": "",
}

# Columns shared by runs and jobs: where the pipeline came from.
SOURCE_COLUMNS = ("pipeline_id", "pipeline_name", "version_id", "workflow_manifest", "pipeline_manifest",
                  "parameters", "runtime_config")


def required_name(body: Mapping[str, Any], what: str) -> str:
    """``name``, else ``pipeline_spec.pipeline_name``, of a run/job request; 400 when both are empty.

    The real server answers 500 here (conversion error wrapped as internal); the stub says 400.
    """
    name = jsonpb.string(body, "name") or jsonpb.string(jsonpb.message(body, "pipeline_spec"), "pipeline_name")
    if not name:
        raise StubError.invalid_input(f"{what} name cannot be empty")
    return name


class RunsMixin(ExperimentsMixin, PipelinesMixin):
    """Run operations of :class:`~kfp_server_api.stub.backend.Backend`."""

    # -- pipeline source (shared with jobs) -----------------------------------------------

    def resolve_experiment(self, conn: sqlite3.Connection, body: Mapping[str, Any], caller: Optional[Caller], resource: str,
                           verb: str = "create") -> Tuple[str, str]:
        """(experiment id, namespace) of a run/job being created (Default experiment if none)."""
        eid = next(iter(jsonpb.find_refs(body, "EXPERIMENT")), "")
        if not eid:
            if self.multi_user:
                raise StubError.invalid_input(f"Failed to create a {resource} due to missing parent experiment id")
            eid = self.default_experiment_id(conn)
        row = conn.execute("SELECT namespace FROM experiments WHERE uuid=?", (eid,)).fetchone()
        if row is None:
            raise StubError.not_found("Experiment", eid).wrap(
                f"Failed to create a {resource} due to error fetching parent experiment's {eid} namespace")
        namespace = row["namespace"]
        claimed = self.namespace_of(next(iter(jsonpb.find_refs(body, "NAMESPACE")), ""))
        if claimed and claimed != namespace:
            # Real server: 500 (mismatch wrapped as internal); the stub answers 400.
            raise StubError.invalid_input(
                f"Experiment {eid} belongs to namespace '{namespace}' (claimed a different namespace '{claimed}')")
        self.authorize(caller or ANONYMOUS, namespace, verb, resource + "s")
        return eid, namespace

    def resolve_source(self, conn: sqlite3.Connection, body: Mapping[str, Any], name: str,
                       namespace: str) -> Dict[str, Any]:
        """Pipeline source of a run/job (note 8.1 step 3-5) -> values of ``SOURCE_COLUMNS``."""
        from . import pipeline_files

        spec = jsonpb.message(body, "pipeline_spec")
        manifest = jsonpb.string(spec, "pipeline_manifest") or jsonpb.string(spec, "workflow_manifest")
        params = [(jsonpb.string(p, "name"), jsonpb.string(p, "value")) for p in jsonpb.messages(spec, "parameters")]
        runtime = jsonpb.message(spec, "runtime_config")
        rt_params = jsonpb.get(runtime, "parameters")
        if rt_params is not None and not isinstance(rt_params, dict):
            raise jsonpb.bad_request("runtime_config.parameters must be an object")
        runtime_json = json.dumps(
            {"parameters": rt_params, "pipeline_root": jsonpb.string(runtime, "pipeline_root")}
        ) if runtime else ""
        versions = list(jsonpb.find_refs(body, "PIPELINE_VERSION", "CREATOR"))
        pipeline_id = jsonpb.string(spec, "pipeline_id") or next(iter(jsonpb.find_refs(body, "PIPELINE")), "")
        version = None
        if versions:
            version = self._version_row(conn, versions[-1])
        elif pipeline_id:
            self._pipeline_row(conn, pipeline_id)
            version = self.latest_version(conn, pipeline_id)
            if version is None:
                raise StubError.not_found("PipelineVersion", pipeline_id).wrap(
                    f"Failed to fetch the latest version of pipeline {pipeline_id}")
        if version is not None:
            if manifest and manifest != version["template"]:
                raise StubError.invalid_input(
                    "Failed to create a run due to mismatch in the provided manifest and pipeline version. "
                    "Leave the manifest empty or pass the version's template exactly")
            template = pipeline_files.load_template(version["template"].encode("utf-8"))
            text = version["template"]
        elif manifest:
            template = pipeline_files.parse_manifest(manifest)
            version = self._pipeline_from_manifest(conn, template, name, namespace)
            text = version["template"]
        else:
            raise StubError.invalid_input("unknown template format").wrap("Failed to create a run: no pipeline source")
        if template.kind == "argo" and params:
            unknown = template.run_parameters_ok([p[0] for p in params])
            if unknown is not None:
                # Real server: 500 (wrapped as internal); the stub answers 400.
                raise StubError.invalid_input(f"Unrecognized input parameter: {unknown}")
        return {
            "pipeline_id": version["pipeline_id"],
            "pipeline_name": version["name"],
            "version_id": version["uuid"],
            "workflow_manifest": text if template.kind == "argo" else "",
            "pipeline_manifest": text if template.kind != "argo" else "",
            "parameters": json.dumps(params),
            "runtime_config": runtime_json,
        }

    def _pipeline_from_manifest(self, conn: sqlite3.Connection, template: Any, run_name: str,
                                namespace: str) -> sqlite3.Row:
        """A raw manifest creates or reuses a pipeline and a version (note 8.1 step 4)."""
        pname = template.pipeline_name_hint() or run_name
        row = conn.execute("SELECT uuid FROM pipelines WHERE namespace=? AND name=?", (namespace, pname)).fetchone()
        pid = row[0] if row else self.insert_pipeline(conn, pname, "", namespace)
        prow = self._pipeline_row(conn, pid)
        text = template.stored_text(prow["name"], prow["namespace"])
        for v in conn.execute(
            "SELECT * FROM pipeline_versions WHERE pipeline_id=? ORDER BY created_at DESC, seq DESC LIMIT 10", (pid,)
        ):
            if v["template"] == text:
                return v
        vid = self.insert_version(conn, pid, f"{pname}-{self.clock.now()}", "", template)
        return self._version_row(conn, vid)

    # -- rendering -----------------------------------------------------------------------------
    @staticmethod
    def render_pipeline_spec(row: sqlite3.Row) -> Dict[str, Any]:
        """The ``apiPipelineSpec`` of a run or job row."""
        runtime = None
        if row["runtime_config"]:
            rc = json.loads(row["runtime_config"])
            params = rc.get("parameters")
            runtime = jsonpb.obj(
                parameters=dict(sorted(params.items())) if params else None, pipeline_root=rc.get("pipeline_root"))
        return jsonpb.obj(
            pipeline_id=row["pipeline_id"],
            pipeline_name=row["pipeline_name"],
            workflow_manifest=row["workflow_manifest"],
            pipeline_manifest=row["pipeline_manifest"],
            parameters=[jsonpb.obj(name=n, value=v) for n, v in json.loads(row["parameters"])],
            runtime_config=runtime,
        )

    def render_run(self, row: sqlite3.Row, metrics: Iterable[sqlite3.Row] = ()) -> Dict[str, Any]:
        """An ``apiRun``."""
        refs = [jsonpb.ref("EXPERIMENT", row["experiment_id"], "OWNER")]
        if row["namespace"]:
            refs.append(jsonpb.ref("NAMESPACE", row["namespace"], "OWNER"))
        if row["job_id"]:
            refs.append(jsonpb.ref("JOB", row["job_id"], "CREATOR"))
        if row["version_id"]:
            refs.append(jsonpb.ref("PIPELINE_VERSION", row["version_id"], "CREATOR"))
        elif row["pipeline_id"]:
            refs.append(jsonpb.ref("PIPELINE", row["pipeline_id"], "CREATOR"))
        out = jsonpb.obj(
            id=row["uuid"],
            name=row["name"],
            storage_state=row["storage_state"] if row["storage_state"] != "STORAGESTATE_AVAILABLE" else None,
            description=row["description"],
            pipeline_spec=self.render_pipeline_spec(row),
            resource_references=refs,
            service_account=row["service_account"],
            created_at=jsonpb.ts(row["created_at"]),
            scheduled_at=jsonpb.ts(row["scheduled_at"]),
            finished_at=jsonpb.ts(row["finished_at"]),
            status=row["status"],
            error=row["error"],
        )
        rendered = []
        for m in metrics:
            metric = {"name": m["name"], "node_id": m["node_id"], "number_value": jsonpb.double(m["number_value"])}
            if m["format"] != "UNSPECIFIED":
                metric["format"] = m["format"]
            rendered.append(metric)
        if rendered:
            out["metrics"] = rendered
        return out

    def _metrics_of(self, conn: sqlite3.Connection, run_ids: List[str]) -> Dict[str, List[sqlite3.Row]]:
        out: Dict[str, List[sqlite3.Row]] = {rid: [] for rid in run_ids}
        for start in range(0, len(run_ids), 500):
            chunk = run_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for m in conn.execute(f"SELECT * FROM run_metrics WHERE run_id IN ({marks}) ORDER BY seq", chunk):
                out[m["run_id"]].append(m)
        return out

    def workflow(self, conn: sqlite3.Connection, row: sqlite3.Row) -> Dict[str, Any]:
        """The synthetic Argo Workflow of a run (status.phase, status.nodes with artifacts)."""
        phase = ARGO_PHASE.get(row["status"], "")
        wf_name = row["wf_name"]
        finished = jsonpb.ts(row["finished_at"]) if row["finished_at"] else None
        started = jsonpb.ts(row["started_at"] or row["created_at"])
        nodes: Dict[str, Any] = {}
        children: Dict[str, List[Any]] = {}
        for a in conn.execute("SELECT node_id, name FROM artifacts WHERE run_id=? ORDER BY node_id, name",
                              (row["uuid"],)):
            children.setdefault(a["node_id"], []).append(
                {"name": a["name"], "s3": {"key": f"artifacts/{wf_name}/{a['node_id']}/{a['name']}.tgz"}})
        nodes[wf_name] = {
            "id": wf_name, "name": wf_name, "displayName": wf_name, "type": "DAG", "phase": phase,
            "startedAt": started, "finishedAt": finished,
            "children": [n for n in children if n != wf_name],
        }
        for node_id, artifacts in children.items():
            node = nodes.setdefault(node_id, {
                "id": node_id, "name": f"{wf_name}.{node_id}", "displayName": node_id, "type": "Pod",
                "phase": phase, "startedAt": started, "finishedAt": finished,
            })
            node["outputs"] = {"artifacts": artifacts}
        spec: Dict[str, Any] = {}
        if row["workflow_manifest"]:
            try:
                spec = json.loads(row["workflow_manifest"]).get("spec") or {}
            except (ValueError, AttributeError):
                spec = {}
        params = json.loads(row["parameters"])
        if params:
            spec = dict(spec, arguments={"parameters": [jsonpb.obj(name=n, value=v) for n, v in params]})
        status: Dict[str, Any] = {"phase": phase, "startedAt": started, "finishedAt": finished, "nodes": nodes}
        if row["status"] == "Failed":
            status["message"] = "failed"
        return {
            "kind": "Workflow",
            "apiVersion": "argoproj.io/v1alpha1",
            "metadata": {
                "name": wf_name, "namespace": row["namespace"] or "kubeflow", "uid": row["uuid"],
                "creationTimestamp": jsonpb.ts(row["created_at"]),
                "labels": {"pipeline/runid": row["uuid"], "workflows.argoproj.io/phase": phase},
            },
            "spec": spec,
            "status": status,
        }

    def render_run_detail(self, conn: sqlite3.Connection, row: sqlite3.Row) -> Dict[str, Any]:
        """An ``apiRunDetail``: the run and its (synthetic) runtime."""
        metrics = self._metrics_of(conn, [row["uuid"]])[row["uuid"]]
        runtime = jsonpb.obj(
            pipeline_manifest=row["pipeline_manifest"],
            workflow_manifest=json.dumps(self.workflow(conn, row), separators=(",", ":")),
        )
        return {"run": self.render_run(row, metrics), "pipeline_runtime": runtime}

    # -- progress ------------------------------------------------------------------------------

    def _schedule_after_start(self, started: int) -> Tuple[str, Optional[int]]:
        """(status, next change) of an automatically progressing run at its start."""
        done = started + int(math.ceil(self.run_duration))
        return "Pending", (started + 1 if done > started + 1 else done)

    def _progress_runs(self, conn: sqlite3.Connection, now: int) -> None:
        # Set-based: after a bulk load (or a long pause) many runs change at once.
        if conn.execute("SELECT 1 FROM runs WHERE next_change <= ? LIMIT 1", (now,)).fetchone() is None:
            return
        duration = int(math.ceil(self.run_duration))
        conn.execute("UPDATE runs SET status='Failed', finished_at=next_change, next_change=NULL "
                     "WHERE next_change <= ? AND status='Terminating'", (now,))
        conn.execute("UPDATE runs SET status='Succeeded', finished_at=started_at + ?, next_change=NULL "
                     "WHERE next_change <= ? AND started_at + ? <= ?", (duration, now, duration, now))
        conn.execute("UPDATE runs SET status='Running', next_change=started_at + ? WHERE next_change <= ?",
                     (duration, now))

    def insert_run(self, conn: sqlite3.Connection, *, name: str, description: str, namespace: str,
                   experiment_id: str, source: Mapping[str, Any], service_account: str,
                   scheduled_at: int = 0, job_id: str = "", now: Optional[int] = None) -> str:
        """Store a new run (status Pending) and return its id (``now``: creation time, default the clock)."""
        rid = self.new_id()
        now = self.clock.now() if now is None else now
        status, next_change = self._schedule_after_start(now)
        base = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:40] or "run"
        wf_name = f"{base}-{rid[:5]}"
        cols = dict(source)
        cols.update(
            uuid=rid, name=name, description=description, namespace=namespace, experiment_id=experiment_id,
            job_id=job_id, service_account=service_account, created_at=now, scheduled_at=scheduled_at or now,
            finished_at=0, status=status, wf_name=wf_name, started_at=now, next_change=next_change,
        )
        keys = list(cols)
        conn.execute(f"INSERT INTO runs ({','.join(keys)}) VALUES ({','.join('?' * len(keys))})",
                     [cols[k] for k in keys])
        return rid

    # -- operations ----------------------------------------------------------------------------

    def create_run(self, body: Mapping[str, Any], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """CreateRunV1 -> RunDetail (status Pending)."""
        prefix = "Failed to create a v1beta1 run"
        try:
            name = required_name(body, "Run")
            description = jsonpb.string(body, "description")
            service_account = jsonpb.string(body, "service_account") or DEFAULT_SERVICE_ACCOUNT
            scheduled_at = jsonpb.timestamp(body, "scheduled_at")
            jsonpb.enum(body, "storage_state", STORAGE_STATES)
            with self.tx() as conn:
                eid, namespace = self.resolve_experiment(conn, body, caller, "run")
                source = self.resolve_source(conn, body, name, namespace)
                rid = self.insert_run(
                    conn, name=name, description=description, namespace=namespace, experiment_id=eid,
                    source=source, service_account=service_account, scheduled_at=scheduled_at,
                )
                return self.render_run_detail(conn, self._run_row(conn, rid))
        except StubError as exc:
            raise exc.wrap(prefix)

    def _run_row(self, conn: sqlite3.Connection, rid: str) -> sqlite3.Row:
        return self.fetch(conn, "runs", "Run", rid)

    def _run_for(self, conn: sqlite3.Connection, rid: str, caller: Optional[Caller], verb: str, prefix: str) -> sqlite3.Row:
        return self.fetch_owned(conn, "runs", "Run", rid, caller, verb, prefix)

    def get_run(self, rid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetRunV1 -> RunDetail."""
        with self.tx(read=True) as conn:
            row = self._run_for(conn, rid, caller, "get", f"Failed to get a v1beta1 run: Failed to fetch run {rid}")
            return self.render_run_detail(conn, row)

    def list_runs(self, query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ListRunsV1 (scope: EXPERIMENT, NAMESPACE, and JOB / PIPELINE / PIPELINE_VERSION keys)."""
        caller = caller or ANONYMOUS
        try:
            with self.tx(read=True) as conn:
                scope, params = self._list_scope(conn, query, caller, "runs", "runs", {
                    "JOB": "runs.job_id", "PIPELINE": "runs.pipeline_id", "PIPELINE_VERSION": "runs.version_id"})
                page = list_page(conn, RUNS, query, "SELECT runs.* FROM runs", scope, params)
                metrics = self._metrics_of(conn, [r["uuid"] for r in page.rows])
                items = [self.render_run(r, metrics[r["uuid"]]) for r in page.rows]
        except StubError as exc:
            raise exc.wrap("Failed to list v1beta1 runs")
        return list_response("runs", items, page)

    def _list_scope(self, conn: sqlite3.Connection, query: Mapping[str, str], caller: Caller, table: str,
                    resource: str, other: Mapping[str, str]) -> Tuple[str, Tuple[Any, ...]]:
        """SQL scope of a run/job list from ``resource_reference_key``."""
        rtype, rid = self.list_namespace(caller, query, resource,
                                         allowed=("EXPERIMENT", "NAMESPACE", "JOB", "PIPELINE", "PIPELINE_VERSION"))
        if rtype == "EXPERIMENT":
            exp = self._experiment_row(conn, rid)
            self.authorize(caller, exp["namespace"], "list", resource)
            return f"{table}.experiment_id = ?", (rid,)
        if rtype in other:
            if self.multi_user:
                if rtype != "JOB":
                    raise StubError.invalid_input(
                        f"In multi-user mode, list {resource} by an EXPERIMENT, NAMESPACE or JOB reference key")
                job = conn.execute("SELECT namespace FROM jobs WHERE uuid=?", (rid,)).fetchone()
                self.authorize(caller, job["namespace"] if job else "", "list", resource)
            return f"{other[rtype]} = ?", (rid,)
        namespace = self.namespace_of(rid if rtype == "NAMESPACE" else "")
        self.authorize(caller, namespace, "list", resource)
        return (f"{table}.namespace = ?", (namespace,)) if self.multi_user else ("", ())

    def archive_run(self, rid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ArchiveRunV1."""
        with self.tx() as conn:
            self._run_for(conn, rid, caller, "archive", "Failed to archive a v1beta1 run")
            conn.execute("UPDATE runs SET storage_state='STORAGESTATE_ARCHIVED' WHERE uuid=?", (rid,))
        return {}

    def unarchive_run(self, rid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """UnarchiveRunV1: refused (400) while the run's experiment is archived."""
        prefix = "Failed to unarchive a v1beta1 run"
        with self.tx() as conn:
            row = self._run_for(conn, rid, caller, "unarchive", prefix)
            exp = conn.execute("SELECT storage_state FROM experiments WHERE uuid=?", (row["experiment_id"],)).fetchone()
            if exp is None:
                raise StubError.not_found("Experiment", row["experiment_id"]).wrap(prefix)
            if exp["storage_state"] == "STORAGESTATE_ARCHIVED":
                raise StubError.failed_precondition(
                    f"Failed to unarchive run {rid} as experiment {row['experiment_id']} must be un-archived first",
                    "experiment is archived").wrap(prefix)
            conn.execute("UPDATE runs SET storage_state='STORAGESTATE_AVAILABLE' WHERE uuid=?", (rid,))
        return {}

    def delete_run(self, rid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """DeleteRunV1: the run, its metrics, artifacts and tasks."""
        with self.tx() as conn:
            self._run_for(conn, rid, caller, "delete", "Failed to delete a v1beta1 run")
            for table, column in (("runs", "uuid"), ("run_metrics", "run_id"), ("artifacts", "run_id"),
                                  ("tasks", "run_id")):
                conn.execute(f"DELETE FROM {table} WHERE {column}=?", (rid,))
        return {}

    def terminate_run(self, rid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """TerminateRunV1: Pending/Running/Unknown -> Terminating (-> Failed one second later)."""
        prefix = "Failed to terminate a v1beta1 run"
        with self.tx() as conn:
            row = self._run_for(conn, rid, caller, "terminate", prefix)
            if row["status"] not in ("Pending", "Running", "Unknown"):
                raise StubError.invalid_input(f"Failed to terminate a run {rid}. Row not found").wrap(prefix)
            conn.execute("UPDATE runs SET status='Terminating', next_change=? WHERE uuid=?",
                         (self.clock.now() + 1, rid))
        return {}

    def retry_run(self, rid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """RetryRunV1: only from Failed (Argo phase Failed/Error); the run goes Running again."""
        prefix = "Failed to retry a v1beta1 run"
        with self.tx() as conn:
            row = self._run_for(conn, rid, caller, "retry", prefix)
            if row["status"] != "Failed":
                raise StubError.bad_request(
                    "Workflow must be Failed/Error to retry",
                    f"run {rid} has status {row['status']!r} (Argo phase {ARGO_PHASE.get(row['status'], '')!r})",
                ).wrap(f"Failed to retry run {rid}").wrap(prefix)
            now = self.clock.now()
            done = now + int(math.ceil(self.run_duration))
            conn.execute(
                "UPDATE runs SET status='Running', finished_at=0, started_at=?, next_change=?, error='' WHERE uuid=?",
                (now, done, rid))
        return {}

    def report_run_metrics(self, rid: str, body: Mapping[str, Any], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ReportRunMetricsV1: one result per metric; the first report of (node, name) wins."""
        metrics = jsonpb.messages(body, "metrics")
        decoded = [
            (jsonpb.string(m, "name"), jsonpb.string(m, "node_id"), jsonpb.number(m, "number_value"),
             jsonpb.enum(m, "format", METRIC_FORMATS))
            for m in metrics
        ]
        results = []
        with self.tx() as conn:
            self._run_for(conn, rid, caller, "reportMetrics", "Failed to report v1beta1 run metrics")
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM run_metrics").fetchone()[0]
            for name, node_id, value, fmt in decoded:
                result = {"metric_name": name, "metric_node_id": node_id}
                if not METRIC_NAME.match(name) or not node_id or len(node_id) > 128:
                    result["status"] = "INVALID_ARGUMENT"
                elif conn.execute("SELECT 1 FROM run_metrics WHERE run_id=? AND node_id=? AND name=?",
                                  (rid, node_id, name)).fetchone():
                    result["status"] = "DUPLICATE_REPORTING"
                    result["message"] = (
                        f"Failed to create a run metric. Same metric has been reported before: {node_id}/{name}")
                else:
                    seq += 1
                    conn.execute(
                        "INSERT INTO run_metrics (run_id, node_id, name, seq, number_value, format) VALUES (?,?,?,?,?,?)",
                        (rid, node_id, name, seq, value, fmt))
                    result["status"] = "OK"
                results.append(jsonpb.obj(**result))
        return jsonpb.obj(results=results)

    def read_artifact(self, rid: str, node_id: str, name: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ReadArtifactV1: bytes stored via the control API, base64-encoded."""
        with self.tx() as conn:
            self._run_for(conn, rid, caller, "readArtifact", "Failed to read a v1beta1 artifact")
            row = conn.execute("SELECT data FROM artifacts WHERE run_id=? AND node_id=? AND name=?",
                               (rid, node_id, name)).fetchone()
            if row is None:
                msg = f"artifact runs/{rid}/nodes/{node_id}/artifacts/{name} not found"
                raise StubError(NOT_FOUND, f"Failed to read a v1beta1 artifact: NotFoundError: {msg}", msg)
            data = bytes(row["data"])
        return jsonpb.obj(data=base64.b64encode(data).decode("ascii"))

    # -- control --------------------------------------------------------------------------------

    def set_run_status(self, rid: str, status: str) -> Dict[str, Any]:
        """Control API: force a run's status; terminal statuses set ``finished_at``; progress stops."""
        wanted = "Failed" if status == "Error" else status
        if wanted not in RUN_STATUSES:
            raise jsonpb.bad_request(
                f"unknown run status {status!r}: expected one of {', '.join(RUN_STATUSES)} (or Error)")
        with self.tx() as conn:
            self._run_row(conn, rid)
            finished = self.clock.now() if wanted in TERMINAL else 0
            conn.execute("UPDATE runs SET status=?, finished_at=?, next_change=NULL, error='' WHERE uuid=?",
                         (wanted, finished, rid))
        return {}

    def put_artifact(self, rid: str, node_id: str, name: str, data: bytes) -> Dict[str, Any]:
        """Control API: store the bytes that ReadArtifact returns."""
        with self.tx() as conn:
            self._run_row(conn, rid)
            conn.execute("INSERT OR REPLACE INTO artifacts (run_id, node_id, name, data) VALUES (?,?,?,?)",
                         (rid, node_id, name, sqlite3.Binary(data)))
        return {}

