"""Wait for a run to finish: :func:`wait_for_run` and :class:`RunTimeoutError`.

.. code-block:: python

    from kfp_server_api import wait_for_run

    detail = wait_for_run(client, run_id, timeout=600, poll_interval=5)
    print(detail.run.status)        # Succeeded, Failed, Error, Skipped or Terminated
"""
from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from kfp_server_api.exceptions import ApiTypeError, ApiValueError, OpenApiException

if TYPE_CHECKING:  # annotations only
    from kfp_server_api.api.run_service_api import RunServiceApi
    from kfp_server_api.api_client import ApiClient
    from kfp_server_api.models.api_run_detail import ApiRunDetail

__all__ = ["wait_for_run", "RunTimeoutError", "TERMINAL_STATUSES", "is_terminal"]

#: Run statuses after which a run never changes on its own (compared case-insensitively).
#: The real server reports ``Error`` as ``Failed`` and a terminated run as ``Failed`` after
#: ``Terminating``; ``Error`` and ``Terminated`` are listed for other server versions.
TERMINAL_STATUSES = frozenset({"succeeded", "failed", "error", "skipped", "terminated"})

#: Default seconds between two ``get_run`` calls.
DEFAULT_POLL_INTERVAL = 5.0
#: Default seconds to wait before giving up.
DEFAULT_TIMEOUT = 3600.0


def is_terminal(status: Optional[str]) -> bool:
    """True when a run with this ``status`` has finished (see :data:`TERMINAL_STATUSES`)."""
    return isinstance(status, str) and status.lower() in TERMINAL_STATUSES


class RunTimeoutError(TimeoutError, OpenApiException):
    """A run did not reach a terminal status before the timeout of :func:`wait_for_run`.

    Also a builtin :class:`TimeoutError` and an
    :class:`~kfp_server_api.exceptions.OpenApiException`. Attributes: ``run_id``,
    ``timeout`` (seconds), ``last_status`` (the status read last, ``None`` if the run had
    none) and ``last`` (the last :class:`~kfp_server_api.models.ApiRunDetail` read).
    """

    def __init__(self, run_id: str, timeout: float, last_status: Optional[str],
                 last: Optional["ApiRunDetail"] = None) -> None:
        self.run_id = run_id
        self.timeout = timeout
        self.last_status = last_status
        self.last = last
        super().__init__(
            f"run {run_id} did not finish within {timeout:g} s; last status: "
            f"{last_status if last_status else '(none)'}"
        )

    def __reduce__(self) -> Any:
        # OSError pickles through its args (the message), which this __init__ does not take.
        return (type(self), (self.run_id, self.timeout, self.last_status, self.last))


def _runs_api(run_api_or_client: Any) -> Any:
    """A ``RunServiceApi`` (anything with ``get_run``) for an API object or an ApiClient."""
    if callable(getattr(run_api_or_client, "get_run", None)):
        return run_api_or_client
    from kfp_server_api.api_client import ApiClient

    if isinstance(run_api_or_client, ApiClient):
        from kfp_server_api.api.run_service_api import RunServiceApi

        return RunServiceApi(run_api_or_client)
    raise ApiTypeError(
        "wait_for_run: expected a RunServiceApi or an ApiClient, got "
        f"{type(run_api_or_client).__name__}"
    )


def _seconds(value: Any, name: str, allow_none: bool) -> Optional[float]:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ApiTypeError(f"wait_for_run: {name} must be a number of seconds, got {type(value).__name__}")
    value = float(value)
    # NaN fails every comparison, so "not >= 0" catches it too. An infinite timeout means
    # "no limit" (like None); an infinite poll interval would never poll again.
    if not value >= 0 or (math.isinf(value) and not allow_none):
        raise ApiValueError(f"wait_for_run: {name} must be a finite number >= 0, got {value!r}")
    return value


def wait_for_run(
    run_api_or_client: Union["RunServiceApi", "ApiClient"],
    run_id: str,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    on_poll: Optional[Callable[["ApiRunDetail"], Any]] = None,
) -> "ApiRunDetail":
    """Poll ``get_run`` until the run's status is terminal and return the final run detail.

    :param run_api_or_client: a ``RunServiceApi`` or an ``ApiClient``.
    :param run_id: the run to wait for.
    :param timeout: seconds to wait at most (default one hour); ``None`` waits forever.
    :param poll_interval: seconds between two polls (default 5); the last sleep is cut short so
        the wait never overruns ``timeout``.
    :param on_poll: called with every :class:`~kfp_server_api.models.ApiRunDetail` read
        (including the final one), e.g. to print progress; what it raises is raised here.
    :return: the :class:`~kfp_server_api.models.ApiRunDetail` whose ``run.status`` is one of
        Succeeded, Failed, Error, Skipped or Terminated (compared case-insensitively). A
        failed run is returned, not raised: check ``detail.run.status``.
    :raises RunTimeoutError: (a :class:`TimeoutError`) when ``timeout`` passes first; it
        carries the last status read.
    :raises ApiException: when ``get_run`` fails (e.g. ``NotFoundException`` for an unknown
        run); connection errors are retried by the client's retry policy first.
    """
    api = _runs_api(run_api_or_client)
    if not isinstance(run_id, str) or not run_id:
        raise ApiValueError(f"wait_for_run: run_id must be a non-empty str, got {run_id!r}")
    limit = _seconds(timeout, "timeout", allow_none=True)
    interval = _seconds(poll_interval, "poll_interval", allow_none=False) or 0.0
    if on_poll is not None and not callable(on_poll):
        raise ApiTypeError(f"wait_for_run: on_poll must be callable, got {type(on_poll).__name__}")
    # A monotonic clock: wall-clock jumps (NTP, suspend) must not end or stretch the wait.
    deadline = None if limit is None else time.monotonic() + limit
    while True:
        detail = api.get_run(run_id)
        run = getattr(detail, "run", None)
        status = getattr(run, "status", None)
        if on_poll is not None:
            on_poll(detail)
        if is_terminal(status):
            return detail
        if deadline is None:
            time.sleep(interval)
            continue
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RunTimeoutError(run_id, limit or 0.0, status, detail)
        time.sleep(min(interval, remaining))
