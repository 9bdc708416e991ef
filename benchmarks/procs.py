"""Child processes of the benchmarks: servers started for one figure and always stopped after it."""
import contextlib
import os
import subprocess
from typing import Callable, Iterator, List, Optional, Tuple

__all__ = ["server_process", "cpu_seconds"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@contextlib.contextmanager
def server_process(argv: List[str], ready: Callable[[subprocess.Popen], int], *, merge_stderr: bool = False,
                   env: Optional[dict] = None) -> Iterator[Tuple[subprocess.Popen, int]]:
    """Start a server process, wait until ``ready(proc)`` returns its port, stop it afterwards.

    Its stdin is a pipe that is closed first, so servers that exit when stdin closes stop cleanly
    even if the benchmark process dies; SIGTERM (then SIGKILL) follows for the others.
    """
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        yield proc, ready(proc)
    finally:
        if proc.stdin is not None:
            with contextlib.suppress(OSError):
                proc.stdin.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cpu_seconds(pid: int) -> float:
    """User+system CPU seconds of a process (Linux /proc; 0.0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0
