"""Sort/filter key maps of every listable resource (note section 3), for ``listing.py``.

Time columns are integer unix seconds ("ts"). Storage-state columns store the v1 enum
names and accept the v2 words too (the real server at 2.0.0-beta.0 stores only the v2
words, so v1 filters never match: kubeflow/pipelines#8803; the stub accepts both).
"""
from typing import Mapping, Optional

from .listing import Column, ListSpec

STORAGE = {"ARCHIVED": "STORAGESTATE_ARCHIVED", "AVAILABLE": "STORAGESTATE_AVAILABLE"}


def _text(sql: str, aliases: Optional[Mapping[str, str]] = None) -> Column:
    return Column(sql, "text", aliases or {})


def _ts(sql: str) -> Column:
    return Column(sql, "ts")


_EXP_ID = _text("experiments.uuid")
_EXP_NAME = _text("experiments.name")
EXPERIMENTS = ListSpec(
    model="Experiment",
    pk="experiments.uuid",
    keys={
        "id": _EXP_ID, "experiment_id": _EXP_ID, "name": _EXP_NAME, "display_name": _EXP_NAME,
        "created_at": _ts("experiments.created_at"), "description": _text("experiments.description"),
        "namespace": _text("experiments.namespace"),
        "storage_state": _text("experiments.storage_state", STORAGE),
    },
)

_RUN_ID = _text("runs.uuid")
_RUN_NAME = _text("runs.name")
_RUN_STATUS = _text("runs.status")
RUNS = ListSpec(
    model="Run",
    pk="runs.uuid",
    keys={
        "id": _RUN_ID, "run_id": _RUN_ID, "name": _RUN_NAME, "display_name": _RUN_NAME,
        "created_at": _ts("runs.created_at"), "finished_at": _ts("runs.finished_at"),
        "scheduled_at": _ts("runs.scheduled_at"), "description": _text("runs.description"),
        "storage_state": _text("runs.storage_state", STORAGE), "status": _RUN_STATUS,
        "namespace": _text("runs.namespace"), "experiment_id": _text("runs.experiment_id"),
        "state": _RUN_STATUS, "state_history": _RUN_STATUS, "runtime_details": _RUN_STATUS,
        "recurring_run_id": _text("runs.job_id"),
    },
    # sort_by is lower-cased before lookup (as the real server does), so "metric:Accuracy" asks
    # for "accuracy": metric names compare case-insensitively (they are ASCII by validation).
    metric_sql="(SELECT m.number_value FROM run_metrics m WHERE m.run_id = runs.uuid AND m.name = ? COLLATE NOCASE "
    "ORDER BY m.seq LIMIT 1)",
    # Kept by triggers in store.py: the KFP UI's run list (one experiment, storage state) and
    # status filters count a few groups instead of every run.
    counts_table="run_counts",
    counts_columns={
        "runs.experiment_id": "experiment_id", "runs.namespace": "namespace",
        "runs.storage_state": "storage_state", "runs.status": "status",
    },
)

_JOB_ID = _text("jobs.uuid")
_JOB_NAME = _text("jobs.name")
JOBS = ListSpec(
    model="Job",
    pk="jobs.uuid",
    keys={
        "id": _JOB_ID, "recurring_run_id": _JOB_ID, "name": _JOB_NAME, "display_name": _JOB_NAME,
        "created_at": _ts("jobs.created_at"), "updated_at": _ts("jobs.updated_at"),
        "description": _text("jobs.description"),
    },
)

_PIPE_ID = _text("pipelines.uuid")
_PIPE_NAME = _text("pipelines.name")
PIPELINES = ListSpec(
    model="Pipeline",
    pk="pipelines.uuid",
    keys={
        "id": _PIPE_ID, "pipeline_id": _PIPE_ID, "name": _PIPE_NAME, "display_name": _PIPE_NAME,
        "created_at": _ts("pipelines.created_at"), "description": _text("pipelines.description"),
        "namespace": _text("pipelines.namespace"),
    },
)

_VER_ID = _text("pipeline_versions.uuid")
_VER_NAME = _text("pipeline_versions.name")
VERSIONS = ListSpec(
    model="PipelineVersion",
    pk="pipeline_versions.uuid",
    keys={
        "id": _VER_ID, "pipeline_version_id": _VER_ID, "name": _VER_NAME, "display_name": _VER_NAME,
        "created_at": _ts("pipeline_versions.created_at"), "status": _text("pipeline_versions.status"),
        "description": _text("pipeline_versions.description"),
        "pipeline_spec": _text("pipeline_versions.template"),
    },
)

_TASK_ID = _text("tasks.uuid")
_TASK_PIPE = _text("tasks.pipeline_name")
_TASK_RUN = _text("tasks.run_id")
_TASK_EXEC = _text("tasks.mlmd_execution_id")
_TASK_CREATED = _ts("tasks.created_at")
_TASK_FINISHED = _ts("tasks.finished_at")
TASKS = ListSpec(
    model="Task",
    pk="tasks.uuid",
    keys={
        "id": _TASK_ID, "task_id": _TASK_ID, "namespace": _text("tasks.namespace"),
        "pipelineName": _TASK_PIPE, "pipeline_name": _TASK_PIPE, "runId": _TASK_RUN, "run_id": _TASK_RUN,
        "display_name": _TASK_PIPE, "mlmdExecutionID": _TASK_EXEC, "execution_id": _TASK_EXEC,
        "created_at": _TASK_CREATED, "create_time": _TASK_CREATED, "start_time": _TASK_CREATED,
        "finished_at": _TASK_FINISHED, "end_time": _TASK_FINISHED, "fingerprint": _text("tasks.fingerprint"),
        "state": _text("''"), "state_history": _text("''"), "parent_task_id": _text("''"),
    },
)
