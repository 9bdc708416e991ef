"""The core every resource mixin of :class:`~kfp_server_api.stub.backend.Backend` builds on.

:class:`BackendCore` holds the shared state (store, clock, user mode and grants) and the
helpers all resources use: one transaction per request (:meth:`BackendCore.tx`), namespace
rules and authorization, row lookups, ids. The resource mixins derive from it (runs from
experiments and pipelines, jobs and tasks from runs), so each one's dependencies are explicit
and type-checked; ``backend.py`` assembles them and adds time travel and schedules.
"""
import sqlite3
import threading
import uuid
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import jsonpb, listing
from .caller import ANONYMOUS, Caller
from .clock import Clock
from .errors import StubError
from .listing import ListSpec, Page
from .store import Store

DEFAULT_EXPERIMENT_NAME = "Default"
DEFAULT_EXPERIMENT_DESCRIPTION = "All runs created without specifying an experiment will be grouped here."
DEFAULT_SERVICE_ACCOUNT = "pipeline-runner"


class BackendCore:
    """Shared state and helpers of the stub backend (set up by ``Backend.__init__``)."""

    store: Store
    clock: Clock
    #: Kubeflow-style namespaces with identities (``kubeflow-userid``).
    multi_user: bool
    #: Namespaces granted per identity (empty: every identity may use every namespace).
    users: Dict[str, Tuple[str, ...]]
    #: Stub-clock seconds from a run's start to ``Succeeded``.
    run_duration: float
    #: The version (stub second, the connection's write counter) at which :meth:`_tick` last
    #: left nothing due; while the version equals it, reads need no transaction. None: unknown.
    _quiet: Optional[Tuple[int, int]] = None
    #: Per thread: ``version``, the state version its last read or transaction saw.
    versions: threading.local

    def tx(self, tick: bool = True, read: bool = False) -> "_Tx":
        """One request = one transaction; the world (runs, schedules) is brought up to date first.

        ``read=True`` for blocks that only read: they run without BEGIN/COMMIT (see
        :meth:`Store.reading`) unless runs or schedules have something due, which is written first.
        """
        return _Tx(self, tick, read)

    def read_row(self, sql: str, args: Tuple[Any, ...]) -> Optional[Tuple[Any, ...]]:
        """The first row (a plain tuple, or None) of one read-only statement: ``tx(read=True)`` for one row.

        The hot path of single-resource GETs: one lock, one statement on the store's tuple cursor,
        and the version the answer reflects recorded as :meth:`_Tx.__exit__` records it. When runs
        or schedules have something due, it is written first in a real transaction (``tx``).
        """
        store = self.store
        with store.lock:  # what store.reading() holds, without its two Python-level calls
            conn = store.conn
            now = self.clock.now()
            version = (now, conn.total_changes)
            if version == self._quiet:
                row: Optional[Tuple[Any, ...]] = store.tuples.execute(sql, args).fetchone()
                self.versions.version = version
                return row
        with self.tx(read=True):
            return store.tuples.execute(sql, args).fetchone()

    def now(self) -> int:
        """Stub time, unix seconds."""
        return self.clock.now()

    def _tick(self, conn: sqlite3.Connection, now: int) -> None:
        """Bring runs and schedules up to ``now`` at the start of a transaction (see ``Backend``)."""
        raise NotImplementedError

    def _tick_due(self, conn: sqlite3.Connection, now: int) -> bool:
        """Whether :meth:`_tick` could change anything at ``now`` (False: a read needs no transaction)."""
        return (now, conn.total_changes) != self._quiet

    def namespace_of(self, requested: str) -> str:
        """Single-user mode ignores every namespace input (note 5.3)."""
        return requested if self.multi_user else ""

    def authorize(self, caller: Caller, namespace: str, verb: str, resource: str) -> None:
        """Multi-user authorization: identity required (401), namespace granted (403)."""
        if not self.multi_user:
            return
        if not caller.user:
            raise StubError.unauthenticated(
                "Failed to check authorization. User identity is empty in the request header",
                "Request header error: there is no user identity header.",
            )
        granted = self.users.get(caller.user) if self.users else None
        if self.users and (granted is None or namespace not in granted):
            reason = f"namespace '{namespace}' is not granted to this user" if namespace else "a namespace is required"
            raise StubError.permission_denied(
                f"User '{caller.user}' is not authorized with reason: {reason} "
                f"(request: &ResourceAttributes{{Namespace:{namespace},Verb:{verb},Group:pipelines.kubeflow.org,"
                f"Version:v1beta1,Resource:{resource}}})",
                "Failed to authorize with the stub's --user grants",
            )

    def list_namespace(self, caller: Caller, query: Mapping[str, str], resource: str,
                       allowed: Sequence[str] = ("NAMESPACE",), what: str = "") -> Tuple[str, str]:
        """Read ``resource_reference_key.{type,id}`` of a list call -> (type, id) after checks."""
        rtype = query_enum(query, "resource_reference_key.type", jsonpb.RESOURCE_TYPES)
        rid = query.get("resource_reference_key.id") or ""
        if rtype == "UNKNOWN_RESOURCE_TYPE" and ("resource_reference_key.type" in query or rid):
            raise StubError.invalid_input(f"Unrecognized resource reference type: {rtype}")
        if rtype != "UNKNOWN_RESOURCE_TYPE" and rtype not in allowed:
            if what:
                raise StubError.invalid_input(
                    f"Failed to list v1beta1 {what} due to invalid resource reference key. "
                    f"It must be of type 'Namespace' and reference an existing namespace"
                )
            rtype, rid = "UNKNOWN_RESOURCE_TYPE", ""
        return rtype, rid

    @staticmethod
    def fetch(conn: sqlite3.Connection, table: str, model: str, rid: str) -> sqlite3.Row:
        """The row of ``table`` with uuid ``rid``, or 404 ``<model> <rid> not found``."""
        row = conn.execute(f"SELECT * FROM {table} WHERE uuid=?", (rid,)).fetchone()
        if row is None:
            raise StubError.not_found(model, rid)
        return row

    def fetch_owned(self, conn: sqlite3.Connection, table: str, model: str, rid: str, caller: Optional[Caller],
                    verb: str, prefix: str) -> sqlite3.Row:
        """:meth:`fetch` plus the namespace authorization of ``verb``; errors prefixed with ``prefix``."""
        try:
            row = self.fetch(conn, table, model, rid)
            self.authorize(caller or ANONYMOUS, row["namespace"], verb, table)
            return row
        except StubError as exc:
            raise exc.wrap(prefix)

    @staticmethod
    def new_id() -> str:
        """A fresh UUID v4 string."""
        return str(uuid.uuid4())


class _Tx:
    """Context manager of :meth:`BackendCore.tx`; records the state version it committed."""

    __slots__ = ("_backend", "_tick", "_tx", "_now", "_read")

    def __init__(self, backend: BackendCore, tick: bool, read: bool = False) -> None:
        self._backend = backend
        self._tick = tick
        self._read = read
        self._tx: Any = None
        self._now = 0

    def __enter__(self) -> sqlite3.Connection:
        backend = self._backend
        store = backend.store
        if self._read:
            # Pure reads hold the store lock without BEGIN/COMMIT (see Store.reading). Whether
            # runs or schedules have something due is decided under the lock, so nothing can
            # become due between the check and the reads.
            reading = store.reading()
            conn = reading.__enter__()
            try:
                self._now = backend.clock.now()
                due = self._tick and backend._tick_due(conn, self._now)
            except BaseException:
                reading.__exit__(None, None, None)
                raise
            if not due:
                self._tx = reading
                return conn
            # Something is due: write it in a real transaction first (the lock is reentrant).
            try:
                self._tx = store.transaction()
                self._tx.__enter__()
            finally:
                reading.__exit__(None, None, None)
        else:
            self._tx = store.transaction()
            conn = self._tx.__enter__()
            self._now = backend.clock.now()
        if self._tick:
            try:
                backend._tick(conn, self._now)
            except BaseException as exc:
                self._tx.__exit__(type(exc), exc, exc.__traceback__)
                raise
        return conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        # Captured under the lock, so it is exactly the state the request saw (see Backend.version).
        self._backend.versions.version = (self._now, self._backend.store.conn.total_changes)
        self._tx.__exit__(exc_type, exc, tb)


def query_enum(query: Mapping[str, str], name: str, values: Sequence[str]) -> str:
    """An enum query parameter by name or number (absent -> zero value)."""
    raw = query.get(name)
    if raw is None or raw == "":
        return values[0]
    if raw in values:
        return raw
    if raw.isascii() and raw.isdigit() and int(raw) < len(values):
        return values[int(raw)]
    raise jsonpb.bad_request(f"parsing field \"{name}\": {raw!r} is not a valid value")


def list_response(items_key: str, items: List[Any], page: Page, order: str = "total_first") -> Dict[str, Any]:
    """``{items, total_size, next_page_token}`` (or ``next_page_token`` before ``total_size``)."""
    if order == "token_first":
        return jsonpb.obj(**{items_key: items}, next_page_token=page.next_page_token, total_size=page.total_size)
    return jsonpb.obj(**{items_key: items}, total_size=page.total_size, next_page_token=page.next_page_token)


def list_page(conn: sqlite3.Connection, spec: ListSpec, query: Mapping[str, str], select_sql: str,
              scope_sql: str = "", scope_params: Sequence[Any] = ()) -> Page:
    """Call ``listing.list_page`` with the request's paging values."""
    return listing.list_page(
        conn, spec, select_sql=select_sql, scope_sql=scope_sql, scope_params=tuple(scope_params),
        page_token=query.get("page_token"), page_size=query.get("page_size"),
        sort_by=query.get("sort_by"), filter=query.get("filter"),
    )
