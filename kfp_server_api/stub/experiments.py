"""Experiments (note section 6) and the Default experiment (5.2)."""
import json.encoder
import sqlite3
from typing import Any, Dict, Mapping, Optional

from . import jsonpb
from .caller import ANONYMOUS, Caller
from .core import DEFAULT_EXPERIMENT_DESCRIPTION, DEFAULT_EXPERIMENT_NAME, BackendCore, list_page, list_response
from .errors import StubError
from .listing_specs import EXPERIMENTS


#: The columns :meth:`ExperimentsMixin.get_experiment_json` reads: the row of :func:`experiment_json`
#: without its uuid, which the caller has (one statement, kept prepared by sqlite3's cache).
_GET_SQL = "SELECT name, description, created_at, namespace, storage_state FROM experiments WHERE uuid=?"
#: The string encoder ``jsonpb.encode`` uses (``ensure_ascii=False``), so both write the same bytes.
_enc = json.encoder.encode_basestring
#: Stored experiments have one of these two states: their JSON text, without an encoder call.
_STATE_TEXT = {state: _enc(state) for state in ("STORAGESTATE_AVAILABLE", "STORAGESTATE_ARCHIVED")}
#: The body with a slot for each part: empty fields leave their slot empty (zero values omitted).
_BODY = '{%s%s%s"created_at":"%s","resource_references":[{"key":{"type":"NAMESPACE"%s},"relationship":"OWNER"}]%s}'


def experiment_json(row: Any) -> bytes:
    """``jsonpb.encode(render_experiment(row))`` written directly, for (uuid, name, description,
    created_at, namespace, storage_state).

    GetExperiment is what polling clients call most: building the dict and walking it in the
    JSON encoder cost more than the read itself. Same field order and zero-value omission; the
    ts() text is digits and separators only, nothing to escape.
    """
    uuid, name, description, created_at, namespace, state = row
    return (_BODY % (
        '"id":' + _enc(uuid) + "," if uuid else "",
        '"name":' + _enc(name) + "," if name else "",
        '"description":' + _enc(description) + "," if description else "",
        jsonpb.ts(created_at),
        ',"id":' + _enc(namespace) if namespace else "",
        ',"storage_state":' + (_STATE_TEXT.get(state) or _enc(state)) if state else "",
    )).encode("utf-8")


class ExperimentsMixin(BackendCore):
    """Experiment operations of :class:`~kfp_server_api.stub.backend.Backend`."""

    # -- helpers used by other resources --------------------------------------------------

    def _ensure_default_experiment(self, conn: sqlite3.Connection) -> None:
        # Multi-user: no Default experiment (the real 2.0.0-beta.0 would fail startup, note 5.2).
        if self.multi_user:
            return
        row = conn.execute("SELECT value FROM meta WHERE key='default_experiment_id'").fetchone()
        if row and conn.execute("SELECT 1 FROM experiments WHERE uuid=?", (row[0],)).fetchone():
            return
        existing = conn.execute(
            "SELECT uuid FROM experiments WHERE namespace='' AND name=?", (DEFAULT_EXPERIMENT_NAME,)
        ).fetchone()
        if existing:
            eid = existing[0]
        else:
            eid = self.new_id()
            conn.execute(
                "INSERT INTO experiments (uuid, name, description, created_at, namespace) VALUES (?,?,?,?,'')",
                (eid, DEFAULT_EXPERIMENT_NAME, DEFAULT_EXPERIMENT_DESCRIPTION, self.clock.now()),
            )
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('default_experiment_id', ?)", (eid,))

    def default_experiment_id(self, conn: sqlite3.Connection) -> str:
        """Id of the Default experiment ('' in multi-user mode)."""
        row = conn.execute("SELECT value FROM meta WHERE key='default_experiment_id'").fetchone()
        return row[0] if row else ""

    def _experiment_row(self, conn: sqlite3.Connection, eid: str) -> sqlite3.Row:
        return self.fetch(conn, "experiments", "Experiment", eid)

    @staticmethod
    def render_experiment(row: sqlite3.Row) -> Dict[str, Any]:
        """An ``apiExperiment`` in proto declaration order."""
        return jsonpb.obj(
            id=row["uuid"],
            name=row["name"],
            description=row["description"],
            created_at=jsonpb.ts(row["created_at"]),
            resource_references=[jsonpb.ref("NAMESPACE", row["namespace"], "OWNER")],
            storage_state=row["storage_state"],
        )

    # -- operations -----------------------------------------------------------------------

    def create_experiment(self, body: Mapping[str, Any], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """CreateExperimentV1."""
        caller = caller or ANONYMOUS
        name = jsonpb.string(body, "name")
        description = jsonpb.string(body, "description")
        namespace = self.namespace_of(next(iter(jsonpb.find_refs(body, "NAMESPACE")), ""))
        if not name:
            # Real server: 500 (conversion error wrapped as internal); the stub answers 400.
            raise StubError.invalid_input("Experiment must have a non-empty name").wrap(
                "Failed to create a v1beta1 experiment"
            )
        if self.multi_user and not namespace:
            raise StubError.invalid_input("Namespace cannot be empty").wrap("Failed to create a v1beta1 experiment")
        self.authorize(caller, namespace, "create", "experiments")
        with self.tx() as conn:
            if conn.execute("SELECT 1 FROM experiments WHERE namespace=? AND name=?", (namespace, name)).fetchone():
                raise StubError.already_exists(
                    f"Failed to create a new experiment. The name {name} already exists. Please specify a new name"
                ).wrap("Failed to create a v1beta1 experiment")
            eid = self.new_id()
            conn.execute(
                "INSERT INTO experiments (uuid, name, description, created_at, namespace) VALUES (?,?,?,?,?)",
                (eid, name, description, self.clock.now(), namespace),
            )
            return self.render_experiment(self._experiment_row(conn, eid))

    def get_experiment(self, eid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetExperimentV1."""
        with self.tx(read=True) as conn:
            try:
                row = self._experiment_row(conn, eid)
            except StubError as exc:
                raise exc.wrap("Failed to fetch v1beta1 experiment")
            self.authorize(caller or ANONYMOUS, row["namespace"], "get", "experiments")
            return self.render_experiment(row)

    def get_experiment_json(self, eid: str, caller: Optional[Caller] = None) -> bytes:
        """GetExperimentV1 as the response body: the same answer and errors as :meth:`get_experiment`."""
        row = self.read_row(_GET_SQL, (eid,))
        if row is None:
            raise StubError.not_found("Experiment", eid).wrap("Failed to fetch v1beta1 experiment")
        if self.multi_user:
            self.authorize(caller or ANONYMOUS, row[3], "get", "experiments")
        return experiment_json((eid,) + row)

    def list_experiments(self, query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ListExperimentsV1 (scope: NAMESPACE reference key only)."""
        caller = caller or ANONYMOUS
        try:
            _rtype, rid = self.list_namespace(caller, query, "experiments", what="experiment")
            namespace = self.namespace_of(rid)
            self.authorize(caller, namespace, "list", "experiments")
            with self.tx(read=True) as conn:
                page = list_page(conn, EXPERIMENTS, query, "SELECT experiments.* FROM experiments",
                                 "experiments.namespace = ?", (namespace,))
                items = [self.render_experiment(r) for r in page.rows]
        except StubError as exc:
            raise exc.wrap("List v1beta1 experiments failed")
        return list_response("experiments", items, page)

    def _experiment_for_write(self, conn: sqlite3.Connection, eid: str, caller: Optional[Caller], verb: str) -> Any:
        row = conn.execute("SELECT * FROM experiments WHERE uuid=?", (eid,)).fetchone()
        if row is None:
            if self.multi_user:
                raise StubError.not_found("Experiment", eid)
            return None
        self.authorize(caller or ANONYMOUS, row["namespace"], verb, "experiments")
        return row

    def archive_experiment(self, eid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ArchiveExperimentV1: archives the experiment's runs and disables its jobs."""
        with self.tx() as conn:
            try:
                self._experiment_for_write(conn, eid, caller, "archive")
            except StubError as exc:
                raise exc.wrap("Failed to archive v1beta1 experiment")
            now = self.clock.now()
            conn.execute("UPDATE experiments SET storage_state='STORAGESTATE_ARCHIVED' WHERE uuid=?", (eid,))
            conn.execute(
                "UPDATE runs SET storage_state='STORAGESTATE_ARCHIVED' "
                "WHERE experiment_id=? AND storage_state!='STORAGESTATE_ARCHIVED'", (eid,))
            conn.execute("UPDATE jobs SET enabled=0, updated_at=? WHERE experiment_id=? AND enabled=1", (now, eid))
        return {}

    def unarchive_experiment(self, eid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """UnarchiveExperimentV1: restores only the experiment."""
        with self.tx() as conn:
            try:
                self._experiment_for_write(conn, eid, caller, "unarchive")
            except StubError as exc:
                raise exc.wrap("Failed to unarchive v1beta1 experiment")
            conn.execute("UPDATE experiments SET storage_state='STORAGESTATE_AVAILABLE' WHERE uuid=?", (eid,))
        return {}

    def delete_experiment(self, eid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """DeleteExperimentV1: refuses the Default experiment; runs and jobs are kept."""
        with self.tx() as conn:
            try:
                row = self._experiment_row(conn, eid)
                self.authorize(caller or ANONYMOUS, row["namespace"], "delete", "experiments")
                if eid == self.default_experiment_id(conn):
                    raise StubError.bad_request(
                        f"Failed to delete experiment {eid}. The default experiment cannot be deleted",
                        f"Invalid input error: Experiment id cannot be equal to the default id {eid}",
                    )
            except StubError as exc:
                raise exc.wrap("Failed to delete v1beta1 experiment")
            conn.execute("DELETE FROM experiments WHERE uuid=?", (eid,))
        return {}

