"""SQLite storage of the stub: schema, the one connection, one transaction per request.

In memory by default, or a file (``--db PATH``) in WAL mode with ``synchronous=FULL`` so that
every acknowledged write survives a ``kill -9``. One connection guarded by a lock keeps it
thread-safe; every backend call runs inside :meth:`Store.transaction`, so a failed request
changes nothing.
"""
import sqlite3
import threading
from typing import Optional

from .listing import forget_counts

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS experiments (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL, namespace TEXT NOT NULL DEFAULT '',
    storage_state TEXT NOT NULL DEFAULT 'STORAGESTATE_AVAILABLE',
    UNIQUE (namespace, name));
CREATE INDEX IF NOT EXISTS experiments_created ON experiments (created_at, uuid);
CREATE INDEX IF NOT EXISTS experiments_ns ON experiments (namespace, created_at, uuid);

CREATE TABLE IF NOT EXISTS pipelines (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL, namespace TEXT NOT NULL DEFAULT '', seq INTEGER NOT NULL DEFAULT 0,
    UNIQUE (namespace, name));
CREATE INDEX IF NOT EXISTS pipelines_created ON pipelines (created_at, uuid);

CREATE TABLE IF NOT EXISTS pipeline_versions (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL, seq INTEGER NOT NULL DEFAULT 0, pipeline_id TEXT NOT NULL,
    parameters TEXT NOT NULL DEFAULT '[]', template TEXT NOT NULL DEFAULT '',
    template_kind TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'READY',
    UNIQUE (pipeline_id, name));
CREATE INDEX IF NOT EXISTS versions_created ON pipeline_versions (created_at, uuid);
CREATE INDEX IF NOT EXISTS versions_pipeline ON pipeline_versions (pipeline_id, created_at, seq);

CREATE TABLE IF NOT EXISTS runs (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    namespace TEXT NOT NULL DEFAULT '', experiment_id TEXT NOT NULL DEFAULT '',
    job_id TEXT NOT NULL DEFAULT '', pipeline_id TEXT NOT NULL DEFAULT '',
    pipeline_name TEXT NOT NULL DEFAULT '', version_id TEXT NOT NULL DEFAULT '',
    workflow_manifest TEXT NOT NULL DEFAULT '', pipeline_manifest TEXT NOT NULL DEFAULT '',
    parameters TEXT NOT NULL DEFAULT '[]', runtime_config TEXT NOT NULL DEFAULT '',
    service_account TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL,
    scheduled_at INTEGER NOT NULL, finished_at INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'Pending', storage_state TEXT NOT NULL DEFAULT 'STORAGESTATE_AVAILABLE',
    wf_name TEXT NOT NULL DEFAULT '', started_at INTEGER NOT NULL DEFAULT 0,
    next_change INTEGER, error TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS runs_created ON runs (created_at, uuid);
CREATE INDEX IF NOT EXISTS runs_experiment ON runs (experiment_id, created_at, uuid);
-- total_size of the KFP UI's run list (one experiment, storage_state filter) is counted from
-- this covering index instead of the table rows (100,000 runs: 48 ms -> 9 ms; docs/stub-server.md).
CREATE INDEX IF NOT EXISTS runs_experiment_state ON runs (experiment_id, storage_state);
CREATE INDEX IF NOT EXISTS runs_namespace ON runs (namespace, created_at, uuid);
CREATE INDEX IF NOT EXISTS runs_job ON runs (job_id, status);
-- sort_by=name walks this index instead of sorting every run; status filters count from the
-- other (100,000 runs: see docs/stub-server.md, "Storage and speed").
CREATE INDEX IF NOT EXISTS runs_name ON runs (name, uuid);
CREATE INDEX IF NOT EXISTS runs_status ON runs (status, created_at, uuid);
CREATE INDEX IF NOT EXISTS runs_next_change ON runs (next_change) WHERE next_change IS NOT NULL;

CREATE TABLE IF NOT EXISTS run_metrics (
    run_id TEXT NOT NULL, node_id TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL,
    number_value REAL NOT NULL DEFAULT 0, format TEXT NOT NULL DEFAULT 'UNSPECIFIED',
    PRIMARY KEY (run_id, node_id, name));
CREATE INDEX IF NOT EXISTS run_metrics_name ON run_metrics (name, run_id);

CREATE TABLE IF NOT EXISTS artifacts (
    run_id TEXT NOT NULL, node_id TEXT NOT NULL, name TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (run_id, node_id, name));

CREATE TABLE IF NOT EXISTS jobs (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    namespace TEXT NOT NULL DEFAULT '', experiment_id TEXT NOT NULL DEFAULT '',
    pipeline_id TEXT NOT NULL DEFAULT '', pipeline_name TEXT NOT NULL DEFAULT '',
    version_id TEXT NOT NULL DEFAULT '', workflow_manifest TEXT NOT NULL DEFAULT '',
    pipeline_manifest TEXT NOT NULL DEFAULT '', parameters TEXT NOT NULL DEFAULT '[]',
    runtime_config TEXT NOT NULL DEFAULT '', service_account TEXT NOT NULL DEFAULT '',
    max_concurrency INTEGER NOT NULL, trigger TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 0, no_catchup INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_scheduled INTEGER,
    status TEXT NOT NULL DEFAULT 'STATUS_UNSPECIFIED');
CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at, uuid);
CREATE INDEX IF NOT EXISTS jobs_experiment ON jobs (experiment_id, created_at, uuid);
CREATE INDEX IF NOT EXISTS jobs_enabled ON jobs (enabled);

CREATE TABLE IF NOT EXISTS tasks (
    uuid TEXT PRIMARY KEY, namespace TEXT NOT NULL DEFAULT '', pipeline_name TEXT NOT NULL,
    run_id TEXT NOT NULL, mlmd_execution_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL, finished_at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS tasks_created ON tasks (created_at, uuid);
CREATE INDEX IF NOT EXISTS tasks_pipeline ON tasks (pipeline_name, created_at, uuid);
"""


#: Columns of runs grouped in run_counts: the scopes and common filters of run lists.
_COUNTED = ("experiment_id", "namespace", "storage_state", "status")


def _group_match(row: str) -> str:
    """WHERE condition selecting the run_counts group of ``row`` (``NEW`` or ``OLD``)."""
    return " AND ".join(f"{c} = {row}.{c}" for c in _COUNTED)


def _add_to_group(row: str) -> str:
    """Trigger statements counting ``row`` into its group (created at 0 when missing).

    A plain INSERT ... WHERE NOT EXISTS rather than INSERT OR IGNORE / UPSERT: the conflict
    clause of the outer statement (e.g. INSERT OR REPLACE INTO runs) would override a
    trigger's own one.
    """
    values = ", ".join(f"{row}.{c}" for c in _COUNTED)
    return (f"INSERT INTO run_counts SELECT {values}, 0 WHERE NOT EXISTS "
            f"(SELECT 1 FROM run_counts WHERE {_group_match(row)});\n"
            f"UPDATE run_counts SET n = n + 1 WHERE {_group_match(row)};\n")


def _remove_from_group(row: str) -> str:
    """Trigger statements counting ``row`` out of its group (an emptied group is deleted)."""
    return (f"UPDATE run_counts SET n = n - 1 WHERE {_group_match(row)};\n"
            f"DELETE FROM run_counts WHERE n <= 0 AND {_group_match(row)};\n")


_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _COUNTED)

# Aggregate index of runs: how many runs share each (experiment, namespace, storage state,
# status). A list whose scope and filter use only these columns sums a few groups for total_size
# instead of counting every matching run (listing.ListSpec.counts_table). Triggers keep it exact
# on every write path, and it rolls back with the transaction that wrote; emptied groups are
# deleted so the table stays as small as the number of distinct combinations.
RUN_COUNTS_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS run_counts (
    experiment_id TEXT NOT NULL, namespace TEXT NOT NULL, storage_state TEXT NOT NULL,
    status TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY ({", ".join(_COUNTED)})) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS run_counts_insert AFTER INSERT ON runs BEGIN
{_add_to_group("NEW")}END;
CREATE TRIGGER IF NOT EXISTS run_counts_delete AFTER DELETE ON runs BEGIN
{_remove_from_group("OLD")}END;
CREATE TRIGGER IF NOT EXISTS run_counts_update AFTER UPDATE OF {", ".join(_COUNTED)} ON runs
WHEN {_CHANGED} BEGIN
{_remove_from_group("OLD")}{_add_to_group("NEW")}END;
"""

_REBUILD_RUN_COUNTS = f"""
INSERT INTO run_counts ({", ".join(_COUNTED)}, n)
    SELECT {", ".join(_COUNTED)}, COUNT(*) FROM runs
    WHERE NOT EXISTS (SELECT 1 FROM run_counts) GROUP BY {", ".join(_COUNTED)};
"""

TABLES = ("experiments", "pipelines", "pipeline_versions", "runs", "run_metrics", "artifacts", "jobs", "tasks", "meta")


class Store:
    """The SQLite database of one stub (``path=None``: in memory)."""

    def __init__(self, path: Optional[str] = None) -> None:
        self.path = path
        #: Held by every use of :attr:`conn` (reentrant); :meth:`reading` and :meth:`transaction`
        #: take it, and so may a single statement on a hot path (``with store.lock:``).
        self.lock = threading.RLock()
        self._reader = _Reading(self)  # holds no state of its own: one serves every read
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, one transaction per request.
        self.conn = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        if path:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA busy_timeout=5000")
        # A REPLACE that deletes a conflicting run fires the delete trigger of run_counts only
        # with recursive triggers on (SQLite's rule); no trigger of ours writes to its own table.
        self.conn.execute("PRAGMA recursive_triggers=ON")
        # One transaction: a --db file written by an older stub gets run_counts (and its
        # triggers) and is counted into it with no write of another process in between. An
        # empty run_counts with runs present can only mean the table is new: the triggers keep
        # it non-empty whenever runs is.
        self.conn.executescript(f"BEGIN IMMEDIATE;\n{SCHEMA}\n{RUN_COUNTS_SCHEMA}\n{_REBUILD_RUN_COUNTS}\nCOMMIT;")
        #: A cursor giving plain tuples, for single-row reads on hot paths (cheaper than a new
        #: ``sqlite3.Row`` cursor per statement). Use it under the lock and fetch at once: its
        #: next ``execute`` resets what it held.
        self.tuples = self.conn.cursor()
        self.tuples.row_factory = None

    def transaction(self) -> "_Transaction":
        """Run the block as one transaction under the store lock; roll back on any exception."""
        return _Transaction(self)

    def reading(self) -> "_Reading":
        """Run a block of pure reads under the store lock, without BEGIN/COMMIT.

        The stub has one connection and every use of it holds the lock, so no write can come
        between the statements of the block: they see one state, as in a transaction, without
        paying for ``BEGIN IMMEDIATE`` (a write lock) and ``COMMIT`` on every GET.
        """
        return self._reader

    def clear(self, conn: sqlite3.Connection) -> None:
        """Delete every row (inside a transaction)."""
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.conn.close()


class _Reading:
    """``with store.reading() as conn:`` (see :meth:`Store.reading`)."""

    __slots__ = ("_store",)

    def __init__(self, store: Store) -> None:
        self._store = store

    def __enter__(self) -> sqlite3.Connection:
        self._store.lock.acquire()
        return self._store.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._store.lock.release()


class _Transaction(_Reading):
    """``with store.transaction() as conn:`` (a class, cheaper than a generator on hot paths)."""

    __slots__ = ()

    def __enter__(self) -> sqlite3.Connection:
        conn = super().__enter__()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            super().__exit__(None, None, None)
            raise
        return conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        conn = self._store.conn
        try:
            if exc_type is None:
                conn.execute("COMMIT")
            else:
                try:
                    conn.execute("ROLLBACK")
                finally:
                    # SQLite's change counter (total_changes) is not rolled back, so a count cached
                    # inside the failed transaction would still look current: drop this
                    # connection's cached counts.
                    forget_counts(conn)
        finally:
            super().__exit__(exc_type, exc, tb)
