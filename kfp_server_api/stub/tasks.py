"""Tasks (note section 11, ``/apis/v1alpha1/tasks``)."""
import sqlite3
from typing import Any, Dict, Mapping, Optional

from . import jsonpb
from .caller import ANONYMOUS, Caller
from .core import list_page, list_response, query_enum
from .errors import StubError
from .listing_specs import TASKS
from .runs import RunsMixin


class TasksMixin(RunsMixin):
    """Task operations of :class:`~kfp_server_api.stub.backend.Backend`."""

    @staticmethod
    def render_task(row: sqlite3.Row) -> Dict[str, Any]:
        """An ``apiTask`` (JSON keys as the proto declares them: camelCase for some)."""
        return jsonpb.obj(
            id=row["uuid"],
            namespace=row["namespace"],
            pipelineName=row["pipeline_name"],
            runId=row["run_id"],
            mlmdExecutionID=row["mlmd_execution_id"],
            created_at=jsonpb.ts(row["created_at"]),
            finished_at=jsonpb.ts(row["finished_at"]),
            fingerprint=row["fingerprint"],
        )

    def create_task(self, body: Mapping[str, Any], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """CreateTaskV1."""
        def field(name: str) -> str:
            """A string field by its exact JSON name, else by its proto name."""
            value = body.get(name) if isinstance(body, Mapping) else None
            if value is None:
                return jsonpb.string(body, name)
            if not isinstance(value, str):
                raise jsonpb.bad_request(f"json: cannot unmarshal into field {name} of type string")
            return value

        prefix = "Failed to create a task"
        try:
            if field("id"):
                raise StubError.invalid_input("Invalid task: Id should not be set")
            pipeline_name = field("pipelineName") or field("pipeline_name")
            if not pipeline_name:
                raise StubError.invalid_input("Invalid task: must specify PipelineName")
            namespace = field("namespace")
            if pipeline_name.startswith("namespace/"):
                parts = pipeline_name.split("/")
                if len(parts) != 4 or parts[2] != "pipeline":
                    raise StubError.invalid_input(
                        "invalid PipelineName for namespaced pipelines, need to follow "
                        f"'namespace/${{namespace}}/pipeline/${{pipelineName}}': {pipeline_name}")
                if parts[1] != namespace:
                    raise StubError.invalid_input(
                        f"the namespace {parts[1]} extracted from pipelineName is not equal to the namespace "
                        f"{namespace} in task")
            run_id = field("runId") or field("run_id")
            if not run_id:
                raise StubError.invalid_input("Invalid task: must specify RunId")
            execution = field("mlmdExecutionID") or field("mlmd_execution_id")
            if not execution:
                raise StubError.invalid_input("Invalid task: must specify MlmdExecutionID")
            fingerprint = field("fingerprint")
            if not fingerprint:
                raise StubError.invalid_input("Invalid task: must specify FingerPrint")
            created = jsonpb.timestamp(body, "created_at")
            if not created:
                raise StubError.invalid_input("Invalid task: must specify CreatedAt")
            finished = jsonpb.timestamp(body, "finished_at")
            with self.tx() as conn:
                run = self._run_row(conn, run_id)
                namespace = self.namespace_of(namespace) or run["namespace"]
                if self.multi_user and not namespace:
                    raise StubError.invalid_input("Invalid task: namespace is required in multi-user mode")
                if self.multi_user and namespace != run["namespace"]:
                    raise StubError.invalid_input(
                        f"the task's namespace {namespace} differs from the namespace of run {run_id}")
                self.authorize(caller or ANONYMOUS, namespace, "create", "runs")
                tid = self.new_id()
                conn.execute(
                    "INSERT INTO tasks (uuid, namespace, pipeline_name, run_id, mlmd_execution_id, fingerprint, "
                    "created_at, finished_at) VALUES (?,?,?,?,?,?,?,?)",
                    (tid, namespace, pipeline_name, run_id, execution, fingerprint, created, finished))
                return self.render_task(conn.execute("SELECT * FROM tasks WHERE uuid=?", (tid,)).fetchone())
        except StubError as exc:
            raise exc.wrap(prefix)

    def list_tasks(self, query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ListTasksV1 (scope: ``resource_reference_key`` PIPELINE -> pipelineName)."""
        try:
            rtype = query_enum(query, "resource_reference_key.type", jsonpb.RESOURCE_TYPES)
            rid = query.get("resource_reference_key.id") or ""
            if rtype == "UNKNOWN_RESOURCE_TYPE" and ("resource_reference_key.type" in query or rid):
                raise StubError.invalid_input(f"Unrecognized resource reference type: {rtype}")
            scopes, params = (["tasks.pipeline_name = ?"], [rid]) if rtype == "PIPELINE" else ([], [])
            if self.multi_user:
                # No namespace parameter on this call: list the tasks of the caller's namespaces.
                caller = caller or ANONYMOUS
                if not caller.user:
                    self.authorize(caller, "", "list", "runs")  # always a 401 here: no identity
                elif self.users:
                    names = list(self.users.get(caller.user, ()))
                    scopes.append(f"tasks.namespace IN ({','.join('?' * len(names)) or 'NULL'})")
                    params += names
            scope = " AND ".join(scopes)
            with self.tx() as conn:
                page = list_page(conn, TASKS, query, "SELECT tasks.* FROM tasks", scope, tuple(params))
                items = [self.render_task(r) for r in page.rows]
        except StubError as exc:
            raise exc.wrap("Failed to list tasks")
        return list_response("tasks", items, page, order="token_first")

