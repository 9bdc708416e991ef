"""Background execution for ``async_req=True`` calls.

Worker threads are started only when asynchronous calls are made; the pool is shut down by
:meth:`ApiClient.close`, when the client is garbage-collected, or at interpreter exit,
whichever comes first (``weakref.finalize``), so no pool outlives its client. The workers are
daemon threads: exit never waits for them, not even for a request still in flight.
"""
import concurrent.futures
import multiprocessing
import queue
import threading
import weakref
from typing import Any, Callable, List, Optional, Tuple

__all__ = ["AsyncResult", "AsyncTimeoutError", "LazyThreadPool"]


class AsyncTimeoutError(multiprocessing.TimeoutError, concurrent.futures.TimeoutError):
    """:meth:`AsyncResult.get` ran out of time. It is both ``multiprocessing.TimeoutError``
    (what the pool-based clients raised) and ``concurrent.futures.TimeoutError``."""


class AsyncResult:
    """The pending result of an ``async_req=True`` call, shaped like
    ``multiprocessing.pool.AsyncResult``."""

    def __init__(self, future: "concurrent.futures.Future[Any]") -> None:
        self._future = future

    def get(self, timeout: Optional[float] = None) -> Any:
        """Wait up to ``timeout`` seconds (forever when ``None``) and return the result, or
        raise what the call raised (:class:`AsyncTimeoutError` when time runs out)."""
        try:
            return self._future.result(timeout)
        except concurrent.futures.TimeoutError:
            if self._future.done():
                raise  # the call itself timed out; keep its own exception
            raise AsyncTimeoutError(f"No result within {timeout} seconds") from None

    def wait(self, timeout: Optional[float] = None) -> None:
        """Wait until the call has finished or ``timeout`` seconds have passed."""
        concurrent.futures.wait([self._future], timeout)

    def ready(self) -> bool:
        """True once the call has finished (successfully or not)."""
        return self._future.done()

    def successful(self) -> bool:
        """True if the finished call returned without raising; ``ValueError`` if not finished."""
        if not self._future.done():
            raise ValueError(f"{self!r} not ready")
        return not self._future.cancelled() and self._future.exception() is None

    def __repr__(self) -> str:
        state = "ready" if self._future.done() else "pending"
        return f"<AsyncResult {state}>"


class _Workers:
    """Daemon threads (up to ``size``, started as work arrives) fed from one queue.

    Daemon threads, unlike ``ThreadPoolExecutor``'s, are not joined at interpreter exit: a
    program that ends while a background request is still waiting for its answer exits at
    once instead of waiting up to the request's timeout.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._queue: "queue.SimpleQueue[Optional[Tuple[concurrent.futures.Future[Any], Callable[[], Any]]]]" = (
            queue.SimpleQueue()
        )
        self._threads: List[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, fn: Callable[[], Any]) -> "concurrent.futures.Future[Any]":
        future: "concurrent.futures.Future[Any]" = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the pool of this ApiClient was shut down")
            self._queue.put((future, fn))
            if len(self._threads) < self._size:
                thread = threading.Thread(target=_work, args=(self._queue,), daemon=True,
                                          name=f"kfp-server-api-{len(self._threads) + 1}")
                thread.start()
                self._threads.append(thread)
        return future

    def shutdown(self) -> None:
        """Let queued calls finish, then end the threads (without waiting for them)."""
        with self._lock:
            self._closed = True
            for _ in self._threads:
                self._queue.put(None)


def _work(tasks: "queue.SimpleQueue[Any]") -> None:
    while True:
        task = tasks.get()
        if task is None:
            return
        future, fn = task
        del task  # hold no reference to the call (and so to its client) while idle
        if future.set_running_or_notify_cancel():
            try:
                result = fn()
            except BaseException as error:  # noqa: B036 - handed to the caller via the future
                future.set_exception(error)
            else:
                future.set_result(result)
        del future, fn


class LazyThreadPool:
    """A pool of ``size`` worker threads, created on the first :meth:`submit`.

    ``owner`` is the object whose lifetime bounds the pool: when it is collected (or at
    interpreter exit) the pool is shut down without waiting.
    """

    def __init__(self, owner: Any, size: int) -> None:
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(f"pool_threads must be a positive int, got {size!r}")
        self._owner = weakref.ref(owner)
        self.size = size
        self._lock = threading.Lock()
        self._workers: Optional[_Workers] = None
        self._finalizer: Optional[weakref.finalize] = None

    @property
    def started(self) -> bool:
        """True while a pool exists."""
        return self._workers is not None

    def submit(self, fn: Callable[[], Any]) -> AsyncResult:
        """Run ``fn()`` in the pool; return its :class:`AsyncResult`."""
        with self._lock:
            if self._workers is None:
                self._workers = _Workers(self.size)
                owner = self._owner()
                # The finalizer must not reference the owner, or it would keep it alive.
                target = owner if owner is not None else self
                self._finalizer = weakref.finalize(target, self._workers.shutdown)
            return AsyncResult(self._workers.submit(fn))

    def close(self) -> None:
        """Shut the pool down (queued calls finish; a later submit starts a new pool)."""
        with self._lock:
            if self._finalizer is not None:
                self._finalizer()
            self._workers = None
            self._finalizer = None
