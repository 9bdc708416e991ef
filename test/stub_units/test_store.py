"""Unit tests of the stub's storage (``kfp_server_api.stub.store``) on a real in-memory SQLite store."""
import pytest

from kfp_server_api.stub.listing import list_page
from kfp_server_api.stub.listing_specs import RUNS
from kfp_server_api.stub.store import Store

SELECT = "SELECT runs.* FROM runs"


class _Boom(Exception):
    pass


def _insert_run(conn, uuid):
    conn.execute("INSERT INTO runs (uuid, name, created_at, scheduled_at) VALUES (?, ?, 1, 1)", (uuid, uuid))


def _total(conn):
    return list_page(conn, RUNS, select_sql=SELECT).total_size


def test_a_count_taken_inside_a_rolled_back_transaction_is_not_reused():
    store = Store()
    with store.transaction() as conn:
        _insert_run(conn, "kept")
    with pytest.raises(_Boom):
        with store.transaction() as conn:
            _insert_run(conn, "undone")
            # Counted (and cached) while the write is visible.
            assert _total(conn) == 2
            raise _Boom
    with store.transaction() as conn:
        # Nothing was written since the rollback, so only forgetting the cache gives the true count.
        assert _total(conn) == 1
        assert [r["uuid"] for r in list_page(conn, RUNS, select_sql=SELECT).rows] == ["kept"]
    store.close()


def test_a_rolled_back_transaction_changes_nothing_and_releases_the_store():
    store = Store()
    with pytest.raises(_Boom):
        with store.transaction() as conn:
            _insert_run(conn, "undone")
            raise _Boom
    with store.transaction() as conn:
        assert conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0
        _insert_run(conn, "after")
    with store.transaction() as conn:
        assert _total(conn) == 1
    store.close()
