"""Background execution for ``async_req=True`` calls.

A thread pool is created only when the first asynchronous call is made; it is shut down by
:meth:`ApiClient.close`, when the client is garbage-collected, or at interpreter exit,
whichever comes first (``weakref.finalize``), so no pool outlives its client and exit never
waits on an idle pool.
"""
import concurrent.futures
import multiprocessing
import threading
import weakref
from typing import Any, Callable, Optional

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


def _shutdown(executor: concurrent.futures.ThreadPoolExecutor) -> None:
    executor.shutdown(wait=False)


class LazyThreadPool:
    """A thread pool of ``size`` workers created on first :meth:`submit`.

    ``owner`` is the object whose lifetime bounds the pool: when it is collected (or at
    interpreter exit) the pool is shut down without waiting.
    """

    def __init__(self, owner: Any, size: int) -> None:
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise ValueError(f"pool_threads must be a positive int, got {size!r}")
        self._owner = weakref.ref(owner)
        self.size = size
        self._lock = threading.Lock()
        self._executor: Optional[concurrent.futures.ThreadPoolExecutor] = None
        self._finalizer: Optional[weakref.finalize] = None

    @property
    def started(self) -> bool:
        """True while a pool exists."""
        return self._executor is not None

    def submit(self, fn: Callable[[], Any]) -> AsyncResult:
        """Run ``fn()`` in the pool; return its :class:`AsyncResult`."""
        with self._lock:
            if self._executor is None:
                owner = self._owner()
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=self.size, thread_name_prefix="kfp-server-api"
                )
                # The finalizer must not reference the owner, or it would keep it alive.
                target = owner if owner is not None else self
                self._finalizer = weakref.finalize(target, _shutdown, self._executor)
            return AsyncResult(self._executor.submit(fn))

    def close(self) -> None:
        """Shut the pool down (running calls finish; a later submit starts a new pool)."""
        with self._lock:
            if self._finalizer is not None:
                self._finalizer()
            self._executor = None
            self._finalizer = None
