"""``run_counts``: the aggregate index behind fast run-list counts (``store.py``, ``ListSpec.counts_table``).

A run list whose scope and filter use only experiment, namespace, storage state and status
takes ``total_size`` from per-group counts kept by triggers. These tests check that this count is
always the one a ``COUNT(*)`` over the runs gives, whatever was written, rolled back or stored
by an older stub.
"""
import dataclasses
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kfp_server_api.stub import Backend
from kfp_server_api.stub.listing import _group_count_sql, list_page
from kfp_server_api.stub.listing_specs import RUNS
from kfp_server_api.stub.store import Store

SELECT = "SELECT runs.* FROM runs"
#: The same spec without the aggregate table: every count is a COUNT(*) over the runs.
COUNTED_ROWS = dataclasses.replace(RUNS, counts_table=None, counts_columns={})

EXPERIMENTS = ["exp-a", "exp-b", "exp-c"]
NAMESPACES = ["", "team"]
STATUSES = ["Pending", "Running", "Succeeded", "Failed", "Skipped"]
STORAGE = ["STORAGESTATE_AVAILABLE", "STORAGESTATE_ARCHIVED"]
#: Filter values as users send them: stored words, v2 aliases, values no run has.
STORAGE_WORDS = STORAGE + ["ARCHIVED", "AVAILABLE", "STORAGESTATE_UNSPECIFIED"]
STATUS_WORDS = STATUSES + ["Error", "succeeded"]

_insert = st.tuples(st.just("insert"), st.sampled_from(EXPERIMENTS), st.sampled_from(NAMESPACES),
                    st.sampled_from(STATUSES), st.sampled_from(STORAGE))
_one_run = st.tuples(st.sampled_from(["archive", "unarchive", "delete"]), st.integers(0, 60))
_set_status = st.tuples(st.just("status"), st.integers(0, 60), st.sampled_from(STATUSES))
_move = st.tuples(st.just("move"), st.integers(0, 60), st.sampled_from(EXPERIMENTS))
_bulk_status = st.tuples(st.just("bulk_status"), st.sampled_from(STATUSES), st.sampled_from(STATUSES))
_bulk_archive = st.tuples(st.just("bulk_archive"), st.sampled_from(EXPERIMENTS))
_bulk_delete = st.tuples(st.just("bulk_delete"), st.sampled_from(STATUSES))
OPERATIONS = st.lists(st.one_of(_insert, _insert, _one_run, _set_status, _move, _bulk_status, _bulk_archive,
                                _bulk_delete), max_size=60)

_KEY_WORDS = {
    "storage_state": STORAGE_WORDS, "status": STATUS_WORDS, "state": STATUS_WORDS,
    "runtime_details": STATUS_WORDS, "experiment_id": EXPERIMENTS + ["exp-z"], "namespace": NAMESPACES + ["other"],
}


@st.composite
def covered_predicate(draw):
    """A predicate the aggregate table can answer (EQUALS / NOT_EQUALS / IN on its columns)."""
    key = draw(st.sampled_from(sorted(_KEY_WORDS)))
    words = _KEY_WORDS[key]
    op = draw(st.sampled_from(["EQUALS", "NOT_EQUALS", "IN"]))
    if op == "IN":
        return {"key": key, "op": op, "string_values": {"values": draw(st.lists(st.sampled_from(words), max_size=3))}}
    return {"key": key, "op": op, "string_value": draw(st.sampled_from(words))}


SCOPES = st.one_of(
    st.just(("", ())),
    st.tuples(st.just("runs.experiment_id = ?"), st.tuples(st.sampled_from(EXPERIMENTS + ["exp-z"]))),
    st.tuples(st.just("runs.namespace = ?"), st.tuples(st.sampled_from(NAMESPACES))),
)


def _apply(conn, op, ids):
    """One write of ``op`` as the stub's write paths make them (single-run and bulk)."""
    kind = op[0]
    if kind == "insert":
        rid = f"run-{len(ids)}"
        conn.execute("INSERT INTO runs (uuid, name, created_at, scheduled_at, experiment_id, namespace, status, "
                     "storage_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (rid, rid, len(ids), len(ids), *op[1:]))
        ids.append(rid)
    elif not ids:
        return
    elif kind in ("archive", "unarchive"):
        state = "STORAGESTATE_ARCHIVED" if kind == "archive" else "STORAGESTATE_AVAILABLE"
        conn.execute("UPDATE runs SET storage_state=? WHERE uuid=?", (state, ids[op[1] % len(ids)]))
    elif kind == "delete":
        conn.execute("DELETE FROM runs WHERE uuid=?", (ids[op[1] % len(ids)],))
    elif kind == "status":
        conn.execute("UPDATE runs SET status=?, finished_at=1 WHERE uuid=?", (op[2], ids[op[1] % len(ids)]))
    elif kind == "move":
        conn.execute("UPDATE runs SET experiment_id=? WHERE uuid=?", (op[2], ids[op[1] % len(ids)]))
    elif kind == "bulk_status":
        conn.execute("UPDATE runs SET status=? WHERE status=?", (op[2], op[1]))
    elif kind == "bulk_archive":
        conn.execute("UPDATE runs SET storage_state='STORAGESTATE_ARCHIVED' WHERE experiment_id=?", (op[1],))
    else:
        conn.execute("DELETE FROM runs WHERE status=?", (op[1],))


def _groups(conn, sql):
    return sorted(tuple(r) for r in conn.execute(sql).fetchall())


def _assert_groups_exact(conn):
    """run_counts holds exactly the non-empty groups of the runs, with their sizes."""
    assert _groups(conn, "SELECT experiment_id, namespace, storage_state, status, n FROM run_counts") == _groups(
        conn, "SELECT experiment_id, namespace, storage_state, status, COUNT(*) FROM runs "
              "GROUP BY experiment_id, namespace, storage_state, status")


def _totals(conn, scope, predicates):
    """(grouped total_size, COUNT(*) total_size) of the first page of this listing."""
    filter_text = json.dumps({"predicates": predicates}) if predicates else None
    kw = dict(select_sql=SELECT, scope_sql=scope[0], scope_params=scope[1], filter=filter_text, sort_by="created_at desc")
    return list_page(conn, RUNS, **kw).total_size, list_page(conn, COUNTED_ROWS, **kw).total_size


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=OPERATIONS, scope=SCOPES, predicates=st.lists(covered_predicate(), max_size=3))
def test_grouped_count_equals_count_of_rows_after_any_writes(operations, scope, predicates):
    store = Store()
    ids = []
    with store.transaction() as conn:
        for op in operations:
            _apply(conn, op, ids)
    with store.reading() as conn:
        _assert_groups_exact(conn)
        grouped, counted = _totals(conn, scope, predicates)
        assert grouped == counted
    store.close()


def test_covered_lists_count_from_the_groups_and_others_from_the_rows():
    kfp_ui = [{"key": "storage_state", "op": "NOT_EQUALS", "string_value": "STORAGESTATE_ARCHIVED"}]
    assert _group_count_sql(RUNS, "runs.experiment_id = ?", ("e",), _parsed(kfp_ui)) is not None
    substring = [{"key": "name", "op": "IS_SUBSTRING", "string_value": "train"}]
    assert _group_count_sql(RUNS, "", (), _parsed(substring)) is None
    assert _group_count_sql(RUNS, "runs.job_id = ?", ("j",), ()) is None
    later = [{"key": "status", "op": "GREATER_THAN", "string_value": "F"}]
    assert _group_count_sql(RUNS, "", (), _parsed(later)) is None


def _parsed(predicates):
    """Predicates as the listing engine carries them: (key, op, value kind, value)."""
    out = []
    for p in predicates:
        kind = next(k for k in p if k not in ("key", "op"))
        out.append((p["key"], p["op"], kind, p[kind]))
    return tuple(out)


@pytest.mark.parametrize("predicates", [
    [{"key": "name", "op": "IS_SUBSTRING", "string_value": "run-1"}],
    [{"key": "status", "op": "GREATER_THAN_EQUALS", "string_value": "R"}],
    [{"key": "storage_state", "op": "EQUALS", "string_value": "ARCHIVED"},
     {"key": "created_at", "op": "LESS_THAN", "long_value": "5"}],
])
def test_uncovered_filters_still_count_exactly(predicates):
    store = Store()
    ids = []
    with store.transaction() as conn:
        for i in range(12):
            _apply(conn, ("insert", EXPERIMENTS[i % 3], "", STATUSES[i % 5], STORAGE[i % 2]), ids)
        grouped, counted = _totals(conn, ("", ()), predicates)
        assert grouped == counted > 0
    store.close()


class _Boom(Exception):
    pass


def test_a_rolled_back_transaction_leaves_the_counts_as_they_were():
    store = Store()
    ids = []
    kfp_ui = [{"key": "storage_state", "op": "NOT_EQUALS", "string_value": "STORAGESTATE_ARCHIVED"}]
    scope = ("runs.experiment_id = ?", ("exp-a",))
    with store.transaction() as conn:
        for _ in range(6):
            _apply(conn, ("insert", "exp-a", "", "Succeeded", "STORAGESTATE_AVAILABLE"), ids)
        assert _totals(conn, scope, kfp_ui) == (6, 6)
    with pytest.raises(_Boom):
        with store.transaction() as conn:
            _apply(conn, ("insert", "exp-a", "", "Running", "STORAGESTATE_AVAILABLE"), ids)
            _apply(conn, ("archive", 0), ids)
            _apply(conn, ("delete", 1), ids)
            _apply(conn, ("bulk_status", "Succeeded", "Failed"), ids)
            # Seen (and cached) inside the transaction: 7 runs, one archived, one deleted.
            assert _totals(conn, scope, kfp_ui) == (5, 5)
            raise _Boom
    with store.reading() as conn:
        _assert_groups_exact(conn)
        assert _totals(conn, scope, kfp_ui) == (6, 6)
        status_failed = [{"key": "status", "op": "EQUALS", "string_value": "Failed"}]
        assert _totals(conn, ("", ()), status_failed) == (0, 0)
    store.close()


def test_a_db_file_of_an_older_stub_gets_its_counts_on_open(tmp_path):
    path = str(tmp_path / "stub.db")
    store = Store(path)
    ids = []
    with store.transaction() as conn:
        for _ in range(5):
            _apply(conn, ("insert", "exp-a", "", "Succeeded", "STORAGESTATE_AVAILABLE"), ids)
    store.close()
    # What a stub without run_counts leaves behind, then writes of that older stub.
    raw = sqlite3.connect(path)
    for trigger in ("run_counts_insert", "run_counts_delete", "run_counts_update"):
        raw.execute(f"DROP TRIGGER {trigger}")
    raw.execute("DROP TABLE run_counts")
    raw.execute("UPDATE runs SET storage_state='STORAGESTATE_ARCHIVED' WHERE uuid='run-0'")
    raw.execute("INSERT INTO runs (uuid, name, created_at, scheduled_at, experiment_id) VALUES ('old', 'old', 9, 9, 'exp-a')")
    raw.commit()
    raw.close()
    kfp_ui = [{"key": "storage_state", "op": "NOT_EQUALS", "string_value": "STORAGESTATE_ARCHIVED"}]
    for _ in range(2):  # opening a file that already has the table must not count the runs twice
        store = Store(path)
        with store.reading() as conn:
            _assert_groups_exact(conn)
            assert _totals(conn, ("runs.experiment_id = ?", ("exp-a",)), kfp_ui) == (5, 5)
        store.close()


def test_kfp_ui_run_list_total_follows_the_stubs_own_write_paths():
    backend = Backend(None)
    exp = backend.create_experiment({"name": "counts"})
    other = backend.create_experiment({"name": "other"})
    manifest = json.dumps({"kind": "Workflow", "apiVersion": "argoproj.io/v1alpha1", "metadata": {"generateName": "c-"},
                           "spec": {"entrypoint": "main", "templates": [{"name": "main", "container": {"image": "alpine"}}]}})

    def create(eid):
        return backend.create_run({
            "name": "r", "pipeline_spec": {"workflow_manifest": manifest},
            "resource_references": [{"key": {"type": "EXPERIMENT", "id": eid}, "relationship": "OWNER"}]})["run"]["id"]

    def ui_total(eid):
        return backend.list_runs({
            "resource_reference_key.type": "EXPERIMENT", "resource_reference_key.id": eid, "sort_by": "created_at desc",
            "filter": json.dumps({"predicates": [
                {"key": "storage_state", "op": "NOT_EQUALS", "string_value": "STORAGESTATE_ARCHIVED"}]})})["total_size"]

    runs = [create(exp["id"]) for _ in range(4)]
    create(other["id"])
    assert ui_total(exp["id"]) == 4
    backend.archive_run(runs[0])
    backend.delete_run(runs[1])
    backend.set_run_status(runs[2], "Failed")
    assert ui_total(exp["id"]) == 2
    backend.unarchive_run(runs[0])
    assert ui_total(exp["id"]) == 3 and ui_total(other["id"]) == 1
    failed = backend.list_runs({"filter": json.dumps({"predicates": [
        {"key": "status", "op": "EQUALS", "string_value": "Failed"}]})})
    assert failed["total_size"] == 1 and [r["id"] for r in failed["runs"]] == [runs[2]]
    backend.store.close()
