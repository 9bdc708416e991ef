"""The stub's clock: real time plus an offset that tests can advance.

Every timestamp the stub writes, the progress of runs and the firing of recurring runs
read this clock, so ``POST /_stub/clock/advance`` moves all of them together.
"""
import threading
import time


class Clock:
    """Whole-second UTC clock = ``time.time() + offset`` (KFP stores whole seconds)."""

    def __init__(self, offset: float = 0.0) -> None:
        self._offset = float(offset)
        self._lock = threading.Lock()

    def now(self) -> int:
        """Current stub time in unix seconds."""
        return int(time.time() + self._offset)

    def advance(self, seconds: float) -> int:
        """Move the clock forward by ``seconds`` (>= 0) and return the new time."""
        if seconds < 0:
            raise ValueError("the stub clock only moves forward")
        with self._lock:
            self._offset += seconds
        return self.now()

    def reset(self) -> None:
        """Back to real time."""
        with self._lock:
            self._offset = 0.0
