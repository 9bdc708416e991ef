"""The stub's clock: real time plus an offset that tests can advance.

Every timestamp the stub writes, the progress of runs and the firing of recurring runs
read this clock, so ``POST /_stub/clock/advance`` moves all of them together.
"""
import threading
import time
from typing import Optional


class Clock:
    """Whole-second UTC clock = ``time.time() + offset`` (KFP stores whole seconds)."""

    def __init__(self, offset: float = 0.0) -> None:
        self._offset = float(offset)
        self._frozen_at: Optional[float] = None
        self._lock = threading.Lock()

    def now(self) -> int:
        """Current stub time in unix seconds."""
        base = self._frozen_at if self._frozen_at is not None else time.time()
        return int(base + self._offset)

    def freeze(self, frozen: bool = True) -> None:
        """Stop (or restart) the real-time part: only :meth:`advance` moves a frozen clock.

        Tests that assert intermediate run states freeze the clock so that a real second
        passing between two calls cannot change the outcome.
        """
        with self._lock:
            if frozen and self._frozen_at is None:
                self._frozen_at = time.time()
            elif not frozen and self._frozen_at is not None:
                self._offset += self._frozen_at - time.time()
                self._frozen_at = None

    @property
    def frozen(self) -> bool:
        """True while frozen."""
        return self._frozen_at is not None

    @property
    def offset(self) -> float:
        """Seconds added to real time (what a restarted stub restores from its database)."""
        return self._offset

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
            self._frozen_at = None
