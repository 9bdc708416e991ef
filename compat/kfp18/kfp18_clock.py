"""kfp's poll sleeps on the stub clock.

kfp 1.8 polls with ``time.sleep(5)`` (``wait_for_run_completion``, the CLI's ``--watch``).
Giving ``kfp._client`` a ``time`` whose ``sleep`` advances the stub clock keeps kfp's real
polling loop while runs progress (Pending -> Running -> Succeeded) without waiting.
"""
import contextlib
import time
from typing import Any, Iterator, List


class StubTime:
    """``time`` for ``kfp._client``: ``sleep`` advances the stub clock; the rest is the real module."""

    def __init__(self, stub: Any) -> None:
        self._stub = stub
        #: Every sleep kfp asked for, in seconds (one per poll).
        self.sleeps: List[float] = []

    def sleep(self, seconds: float) -> None:
        """Move the stub clock by ``seconds`` at once."""
        self.sleeps.append(seconds)
        self._stub.advance_clock(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@contextlib.contextmanager
def kfp_sleep_on_stub_clock(stub: Any) -> Iterator[StubTime]:
    """Give ``kfp._client`` a :class:`StubTime` (only that module: urllib3's retries keep real time)."""
    import kfp._client as kfp_client

    fake = StubTime(stub)
    real = kfp_client.time
    kfp_client.time = fake
    try:
        yield fake
    finally:
        kfp_client.time = real
