"""An overall deadline for each answer: the read timeout bounds the whole response.

urllib3 applies the read timeout to every socket read, so a server that sends one byte just
inside it keeps a call alive for as long as it keeps sending. This module bounds the whole
answer of each attempt instead: from the moment the request has been sent until the last byte
of the body has arrived, at most the read timeout may pass. When it has passed, a watchdog
thread shuts the connection's socket down; the blocked read returns, urllib3 treats the
attempt like any other broken read (retried for idempotent calls per the retry policy), and
:class:`~kfp_server_api.rest.RESTClientObject` reports it as a read timeout.

It works the same way on urllib3 1.26 and 2.x, through three public extension points: the pool
manager's ``pool_classes_by_scheme``, a pool's ``ConnectionCls`` and ``_put_conn``, and the
connection's ``getresponse``. A deadline is armed only for calls that
:class:`~kfp_server_api.rest.RESTClientObject` reads itself (``_preload_content=True``); a
streamed response (``_preload_content=False``) is read at the caller's pace and keeps
urllib3's per-read timeout.

Cost per request: one thread-local read, one uncontended lock and a dict insert and removal.
The watchdog wakes only when the earliest armed deadline is due, not per request.
"""
from __future__ import annotations  # annotations stay strings: a cheaper import

import socket
import threading
import time
from typing import Any, Dict, Optional

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["bounded_call", "install", "read_budget"]


class bounded_call:  # noqa: N801 -- a context manager, named like one
    """``with bounded_call(budget) as call:`` arms every attempt made on this thread inside
    the block with ``budget`` seconds for its whole answer (``None``: no deadline); afterwards
    ``call.fired`` says whether the latest attempt was cut off."""

    __slots__ = ("budget", "fired", "armed", "previous")

    def __init__(self, budget: Optional[float]) -> None:
        #: Seconds for each attempt's whole answer; -1 for no deadline (nothing is armed).
        self.budget = -1.0 if budget is None else budget
        self.fired = False
        self.armed: Optional[Any] = None  # the connection of the attempt in flight
        self.previous: Optional["bounded_call"] = None

    def __enter__(self) -> "bounded_call":
        self.previous = getattr(_local, "call", None)
        _local.call = self if self.budget >= 0 else None
        return self

    def __exit__(self, *_exc: Any) -> None:
        _local.call = self.previous
        if self.armed is not None:
            _WATCHDOG.disarm(self.armed)


_local = threading.local()


def read_budget(timeout: Any) -> Optional[float]:
    """Seconds a whole answer may take under a urllib3 ``Timeout`` (None: unbounded)."""
    if timeout is None:
        return None
    values = [getattr(timeout, "_read", None), getattr(timeout, "total", None)]
    numbers = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return min(numbers) if numbers else None


class _Watchdog:
    """Armed connections and their deadlines; one daemon thread shuts down the overdue ones."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._armed: Dict[Any, Any] = {}  # connection -> (deadline, call, socket)
        self._next = float("inf")  # when the thread will look next
        self._thread: Optional[threading.Thread] = None

    def arm(self, conn: Any, call: bounded_call) -> None:
        deadline = time.monotonic() + call.budget
        call.fired = False
        call.armed = conn
        # The socket is kept: http.client detaches it from a connection that will close
        # (``Connection: close``) while the response is still reading from it.
        sock = conn.sock
        with self._lock:
            self._armed[conn] = (deadline, call, sock)
            if deadline < self._next:
                self._next = deadline
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="kfp-answer-deadline", daemon=True)
                    self._thread.start()
                else:
                    self._wake.notify()

    def disarm(self, conn: Any) -> None:
        with self._lock:
            entry = self._armed.pop(conn, None)
        if entry is not None and entry[1].armed is conn:
            entry[1].armed = None

    def _run(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                if now < self._next:
                    self._wake.wait(None if self._next == float("inf") else self._next - now)
                    continue
                earliest = float("inf")
                for conn, (deadline, call, sock) in list(self._armed.items()):
                    if deadline <= now:
                        # Under the lock: a connection handed back to its pool was disarmed
                        # first, so only a connection still inside its attempt is cut.
                        del self._armed[conn]
                        call.fired = True
                        _shut(sock)
                    elif deadline < earliest:
                        earliest = deadline
                self._next = earliest


def _shut(sock: Any) -> None:
    if sock is None:
        return
    try:
        if isinstance(sock, socket.socket):
            # socket.socket's own shutdown: an SSLSocket's would also drop its TLS state,
            # which the reading thread is still using.
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        else:  # a wrapped socket (e.g. urllib3.contrib.pyopenssl)
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


_WATCHDOG = _Watchdog()


class _ArmedWhileAnswering:
    """Mixed into urllib3's connections: armed with the call's deadline from the moment it
    waits for the answer until it is handed back to its pool or the call ends."""

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        call: Optional[bounded_call] = getattr(_local, "call", None)
        if call is not None:
            _WATCHDOG.arm(self, call)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _DisarmedWhenReturned:
    """Mixed into urllib3's pools: a connection is disarmed before another thread can take it."""

    def _put_conn(self, conn: Any) -> None:
        if conn is not None:
            _WATCHDOG.disarm(conn)
        super()._put_conn(conn)  # type: ignore[misc]


class _BoundedHTTPConnection(_ArmedWhileAnswering, HTTPConnection):
    pass


class _BoundedHTTPSConnection(_ArmedWhileAnswering, HTTPSConnection):
    pass


class _BoundedHTTPConnectionPool(_DisarmedWhenReturned, HTTPConnectionPool):
    ConnectionCls = _BoundedHTTPConnection


class _BoundedHTTPSConnectionPool(_DisarmedWhenReturned, HTTPSConnectionPool):
    ConnectionCls = _BoundedHTTPSConnection


def install(manager: urllib3.PoolManager) -> urllib3.PoolManager:
    """Make ``manager`` create pools whose connections honour :func:`bounded_call`."""
    manager.pool_classes_by_scheme = {
        "http": _BoundedHTTPConnectionPool,
        "https": _BoundedHTTPSConnectionPool,
    }
    return manager
