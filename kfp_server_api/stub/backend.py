"""The stub's backend: all state and rules of the KFP v1beta1 API, independent of HTTP.

:class:`Backend` is assembled from one mixin per resource (``experiments.py``,
``pipelines.py``, ``runs.py``, ``jobs.py``, ``tasks.py``) over :class:`~kfp_server_api.stub.core.BackendCore`. Every public method takes
decoded JSON (dicts / query values) plus a :class:`Caller`, runs as ONE SQLite transaction
(:meth:`Backend.tx`), and returns a JSON-ready dict shaped like the real server's response,
or raises :class:`~kfp_server_api.stub.errors.StubError`. The WSGI layer (``wsgi.py``) is a
thin adapter over these methods; benchmarks and tests may call them in-process.
"""
import math
import threading
import sqlite3
from typing import Dict, Iterable, Mapping, Optional, Tuple, Union

from . import jsonpb
from .clock import Clock
from .jobs import JobsMixin
from .store import Store
from .tasks import TasksMixin

HEALTHZ_TAG = "2.0.0-beta.0"
#: Largest single clock advance (about 100 years): timestamps must stay within RFC 3339 years.
MAX_ADVANCE = 100 * 366 * 86400
#: 9998-12-31T23:59:59Z: later times have no RFC 3339 form once schedules add to them.
LATEST_TIME = 253370764799


UsersArg = Union[None, Mapping[str, Iterable[str]], Iterable[str]]


def parse_users(users: UsersArg) -> Dict[str, Tuple[str, ...]]:
    """``["a@x=ns1,ns2", ...]`` or ``{"a@x": ["ns1"]}`` -> ``{"a@x": ("ns1", "ns2")}``."""
    if not users:
        return {}
    if isinstance(users, Mapping):
        items = list(users.items())
    else:
        items = []
        for entry in users:
            email, sep, spaces = str(entry).partition("=")
            if not sep or not email.strip():
                raise ValueError(f"bad user grant {entry!r}: expected EMAIL=ns1,ns2")
            items.append((email, spaces.split(",")))
    out: Dict[str, Tuple[str, ...]] = {}
    for email, spaces in items:
        names = (spaces,) if isinstance(spaces, str) else tuple(spaces)
        out[email.strip()] = tuple(s.strip() for s in names if s.strip())
    return out


class Backend(JobsMixin, TasksMixin):
    """State and rules of one stub server.

    ``db``: SQLite file (None = in memory). ``multi_user``: Kubeflow-style namespaces with
    identity from ``kubeflow-userid``; ``users`` grants namespaces per identity (no grants =
    every identity may use every namespace). ``run_duration``: stub-clock seconds from a run's
    start to ``Succeeded``.
    """

    def __init__(
        self,
        db: Optional[str] = None,
        *,
        multi_user: bool = False,
        users: UsersArg = None,
        run_duration: float = 2,
        clock: Optional[Clock] = None,
    ) -> None:
        self.store = Store(db)
        if clock is None:
            row = self.store.conn.execute("SELECT value FROM meta WHERE key='clock_offset'").fetchone()
            clock = Clock(float(row[0]) if row else 0.0)
        self.clock = clock
        self.multi_user = bool(multi_user)
        self.users = parse_users(users)
        if not (isinstance(run_duration, (int, float)) and math.isfinite(run_duration)
                and 0 <= run_duration <= MAX_ADVANCE):
            raise ValueError(f"run_duration must be a number of seconds between 0 and {MAX_ADVANCE}")
        self.run_duration = run_duration
        self._last_job_tick: Optional[int] = None
        self._checked: Tuple[int, int] = (-1, -1)
        #: Per thread: ``version``, what the thread's last pure read or transaction saw (the app
        #: sets it to None before a GET and keys answer reuse on what it holds afterwards).
        self.versions = threading.local()
        # The Default experiment cannot be deleted, so creating it here and on reset() suffices.
        with self.store.transaction() as conn:
            self._ensure_default_experiment(conn)

    def version(self) -> Tuple[int, int]:
        """(stub second, write counter): equal versions mean identical answers to the same read.

        Run progress and schedules only change with the stub second, and every write (ours or a
        rolled-back one) bumps the connection's ``total_changes``. The database file must not be
        written by other processes while the stub serves it.
        """
        return self.clock.now(), self.store.conn.total_changes

    def _tick(self, conn: sqlite3.Connection, now: int) -> None:
        # Run states change only with time or writes: skip the check when neither moved.
        if (now, conn.total_changes) != self._checked:
            self._progress_runs(conn, now)
        # Scheduling runs at most once per stub second: cheap on hot request paths.
        if self._last_job_tick != now:
            self._last_job_tick = now
            self._fire_jobs(conn, now)
            self._progress_runs(conn, now)
        # Nothing is due again until the stub second or the write counter moves (see BackendCore._quiet).
        self._checked = self._quiet = (now, conn.total_changes)

    def advance_clock(self, seconds: float) -> int:
        """Move the stub clock, stepping through every run transition and schedule on the way."""
        if (not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not math.isfinite(seconds)
                or not 0 <= seconds <= MAX_ADVANCE):
            raise jsonpb.bad_request(f"seconds must be a number between 0 and {MAX_ADVANCE}")
        start = self.clock.now()
        target = int(start + seconds)
        if target > LATEST_TIME:
            raise jsonpb.bad_request("the stub clock cannot go beyond the year 9998")
        with self.store.transaction() as conn:
            t = start
            self._tick(conn, t)
            for _ in range(10000):
                nxt = self._next_event(conn, t, target)
                if nxt is None or nxt > target:
                    break
                t = nxt
                self._last_job_tick = self._quiet = None
                self._tick(conn, t)
            self._last_job_tick = self._quiet = None
            self._tick(conn, target)
            # Persisted with the data it produced, so that a restarted stub (--db) keeps its time.
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('clock_offset', ?)",
                         (repr(self.clock.offset + seconds),))
            self.clock.advance(seconds)
        return self.clock.now()

    def _next_event(self, conn: sqlite3.Connection, now: int, target: int) -> Optional[int]:
        """The first time after ``now`` at which a run changes state or a schedule fires."""
        row = conn.execute("SELECT MIN(next_change) FROM runs WHERE next_change > ?", (now,)).fetchone()
        times = [row[0]] if row[0] is not None else []
        job_time = self._next_job_time(conn, now, target)
        if job_time is not None:
            times.append(job_time)
        return min(times) if times else None

    def reset(self) -> None:
        """Forget everything (runs, pipelines, ...), back to a fresh install with real time."""
        self.clock.reset()
        self._last_job_tick = self._quiet = None
        with self.store.transaction() as conn:
            self.store.clear(conn)
            self._ensure_default_experiment(conn)

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    # -- healthz --------------------------------------------------------------------------
    def healthz(self) -> bytes:
        """The healthz body, byte for byte as the real server writes it (spaces after commas)."""
        multi = "true" if self.multi_user else "false"
        return f'{{"commit_sha":"unknown", "tag_name":"{HEALTHZ_TAG}", "multi_user":{multi}}}'.encode()

