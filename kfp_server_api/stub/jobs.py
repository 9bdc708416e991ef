"""Jobs / recurring runs (note section 9), which really start runs as the stub clock advances.

A job fires at the times :func:`schedule.due_times` gives, starting one run per due time
while fewer than ``max_concurrency`` of its runs are active; times blocked by concurrency
fire later (catch-up), unless ``no_catchup`` is set, in which case only the most recent
missed time fires.
"""
import json
import sqlite3
from typing import Any, Dict, Mapping, Optional

from . import jsonpb
from .caller import ANONYMOUS, Caller
from .core import DEFAULT_SERVICE_ACCOUNT, list_page, list_response
from .errors import StubError
from .listing_specs import JOBS
from .runs import ACTIVE, RunsMixin, required_name

MODES = ("UNKNOWN_MODE", "ENABLED", "DISABLED")


def normalize_trigger(body: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The request's trigger with proto names and whole-second times (None when absent or empty)."""
    trigger = jsonpb.message(body, "trigger")
    periodic = jsonpb.get(trigger, "periodic_schedule")
    cron = jsonpb.get(trigger, "cron_schedule")
    # Both set: jsonpb keeps the last declared oneof member (periodic), note 9.1.
    if periodic is not None:
        p = jsonpb.message(trigger, "periodic_schedule")
        return {"periodic_schedule": jsonpb.obj(
            start_time=jsonpb.ts(jsonpb.timestamp(p, "start_time") or None),
            end_time=jsonpb.ts(jsonpb.timestamp(p, "end_time") or None),
            interval_second=str(jsonpb.integer(p, "interval_second")),
        )}
    if cron is not None:
        c = jsonpb.message(trigger, "cron_schedule")
        return {"cron_schedule": jsonpb.obj(
            start_time=jsonpb.ts(jsonpb.timestamp(c, "start_time") or None),
            end_time=jsonpb.ts(jsonpb.timestamp(c, "end_time") or None),
            cron=jsonpb.string(c, "cron"),
        )}
    return None


class JobsMixin(RunsMixin):
    """Job operations of :class:`~kfp_server_api.stub.backend.Backend`."""

    def render_job(self, row: sqlite3.Row) -> Dict[str, Any]:
        """An ``apiJob`` (``mode`` is never returned; ``enabled`` omitted when false)."""
        refs = []
        if row["namespace"]:
            refs.append(jsonpb.ref("NAMESPACE", row["namespace"], "OWNER"))
        refs.append(jsonpb.ref("EXPERIMENT", row["experiment_id"], "OWNER"))
        if row["pipeline_id"]:
            refs.append(jsonpb.ref("PIPELINE", row["pipeline_id"], "CREATOR"))
        if row["version_id"]:
            refs.append(jsonpb.ref("PIPELINE_VERSION", row["version_id"], "CREATOR"))
        trigger = json.loads(row["trigger"]) if row["trigger"] else None
        return jsonpb.obj(
            id=row["uuid"],
            name=row["name"],
            description=row["description"],
            pipeline_spec=self.render_pipeline_spec(row),
            resource_references=refs,
            service_account=row["service_account"],
            max_concurrency=str(row["max_concurrency"]),
            trigger=trigger,
            created_at=jsonpb.ts(row["created_at"]),
            updated_at=jsonpb.ts(row["updated_at"]),
            status=row["status"],
            enabled=bool(row["enabled"]),
            no_catchup=bool(row["no_catchup"]),
        )

    def _job_row(self, conn: sqlite3.Connection, jid: str) -> sqlite3.Row:
        return self.fetch(conn, "jobs", "Job", jid)

    def _job_for(self, conn: sqlite3.Connection, jid: str, caller: Optional[Caller], verb: str, prefix: str) -> sqlite3.Row:
        return self.fetch_owned(conn, "jobs", "Job", jid, caller, verb, prefix)

    # -- operations ----------------------------------------------------------------------------

    def create_job(self, body: Mapping[str, Any], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """CreateJob: validates name, max_concurrency (1..10) and the trigger."""
        from . import schedule
        prefix = "Failed to create a recurring run"
        try:
            name = required_name(body, "Job")
            max_concurrency = jsonpb.integer(body, "max_concurrency")
            if not 1 <= max_concurrency <= 10:
                raise StubError.invalid_input(
                    "Max concurrency of a recurring run must be at leas 1 and at most 10. "
                    f"Received {max_concurrency}")
            trigger = normalize_trigger(body)
            schedule.validate_trigger(trigger)
            enabled = jsonpb.boolean(body, "enabled") or jsonpb.enum(body, "mode", MODES) == "ENABLED"
            now = self.clock.now()
            with self.tx() as conn:
                eid, namespace = self.resolve_experiment(conn, body, caller, "job")
                source = self.resolve_source(conn, body, name, namespace)
                jid = self.new_id()
                cols = dict(source)
                cols.update(
                    uuid=jid, name=name, description=jsonpb.string(body, "description"), namespace=namespace,
                    experiment_id=eid,
                    service_account=jsonpb.string(body, "service_account") or DEFAULT_SERVICE_ACCOUNT,
                    max_concurrency=max_concurrency, trigger=json.dumps(trigger) if trigger else "",
                    enabled=int(enabled), no_catchup=int(jsonpb.boolean(body, "no_catchup")),
                    created_at=now, updated_at=now, status="STATUS_UNSPECIFIED",
                )
                keys = list(cols)
                conn.execute(f"INSERT INTO jobs ({','.join(keys)}) VALUES ({','.join('?' * len(keys))})",
                             [cols[k] for k in keys])
                return self.render_job(self._job_row(conn, jid))
        except StubError as exc:
            raise exc.wrap(prefix)

    def get_job(self, jid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetJob."""
        with self.tx() as conn:
            return self.render_job(self._job_for(conn, jid, caller, "get", "Failed to fetch a v1beta1 recurring run"))

    def list_jobs(self, query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ListJobs (scope: EXPERIMENT, NAMESPACE, PIPELINE or PIPELINE_VERSION keys)."""
        caller = caller or ANONYMOUS
        try:
            with self.tx() as conn:
                scope, params = self._list_scope(conn, query, caller, "jobs", "jobs", {
                    "PIPELINE": "jobs.pipeline_id", "PIPELINE_VERSION": "jobs.version_id", "JOB": "jobs.uuid"})
                page = list_page(conn, JOBS, query, "SELECT jobs.* FROM jobs", scope, params)
                items = [self.render_job(r) for r in page.rows]
        except StubError as exc:
            raise exc.wrap("Failed to list v1beta1 recurring runs")
        return list_response("jobs", items, page)

    def _set_enabled(self, jid: str, enabled: bool, caller: Optional[Caller]) -> Dict[str, Any]:
        verb = "enable" if enabled else "disable"
        with self.tx() as conn:
            row = self._job_for(conn, jid, caller, verb, f"Failed to {verb} a recurring run")
            status = "ENABLED" if enabled else "DISABLED"
            if bool(row["enabled"]) != enabled:
                conn.execute("UPDATE jobs SET enabled=?, updated_at=?, status=? WHERE uuid=?",
                             (int(enabled), self.clock.now(), status, jid))
            else:
                conn.execute("UPDATE jobs SET status=? WHERE uuid=?", (status, jid))
        return {}

    def enable_job(self, jid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """EnableJob."""
        return self._set_enabled(jid, True, caller)

    def disable_job(self, jid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """DisableJob."""
        return self._set_enabled(jid, False, caller)

    def delete_job(self, jid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """DeleteJob: runs created by the job are kept."""
        with self.tx() as conn:
            self._job_for(conn, jid, caller, "delete", "Failed to delete a recurring run")
            conn.execute("DELETE FROM jobs WHERE uuid=?", (jid,))
        return {}

    # -- scheduling ----------------------------------------------------------------------------

    def _fire_jobs(self, conn: sqlite3.Connection, now: int) -> None:
        from . import schedule

        for job in conn.execute("SELECT * FROM jobs WHERE enabled=1 AND trigger != ''").fetchall():
            trigger = json.loads(job["trigger"])
            due = schedule.due_times(trigger, created_at=job["created_at"], last_scheduled=job["last_scheduled"],
                                     now=now, no_catchup=bool(job["no_catchup"]))
            if not due:
                continue
            marks = ",".join("?" * len(ACTIVE))
            active = conn.execute(f"SELECT COUNT(*) FROM runs WHERE job_id=? AND status IN ({marks})",
                                  (job["uuid"], *ACTIVE)).fetchone()[0]
            last = job["last_scheduled"]
            source = {k: job[k] for k in ("pipeline_id", "pipeline_name", "version_id", "workflow_manifest",
                                          "pipeline_manifest", "parameters", "runtime_config")}
            for t in due:
                if active >= job["max_concurrency"]:
                    break
                self.insert_run(
                    conn, name=f"{job['name']}-{t}", description=job["description"], namespace=job["namespace"],
                    experiment_id=job["experiment_id"], source=source, service_account=job["service_account"],
                    scheduled_at=t, job_id=job["uuid"], now=now,
                )
                active += 1
                last = t
            if last != job["last_scheduled"]:
                conn.execute("UPDATE jobs SET last_scheduled=?, status='ENABLED' WHERE uuid=?", (last, job["uuid"]))

    def _next_job_time(self, conn: sqlite3.Connection, now: int, target: int) -> Optional[int]:
        """The next time after ``now`` (<= target) a catch-up job is due; jumps skip no_catchup jobs."""
        from . import schedule

        best: Optional[int] = None
        for job in conn.execute("SELECT * FROM jobs WHERE enabled=1 AND no_catchup=0 AND trigger != ''"):
            trigger = json.loads(job["trigger"])
            # Only times after now are wanted; due_times keeps the start_time bound itself.
            last = now if job["last_scheduled"] is None else max(job["last_scheduled"], now)
            times = schedule.due_times(trigger, created_at=job["created_at"],
                                       last_scheduled=last, now=target, no_catchup=False, limit=1)
            if times and (best is None or times[0] < best):
                best = times[0]
        return best

