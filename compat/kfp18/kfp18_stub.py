"""The stub the kfp18 tests talk to: in-process, or a child process for the reference check.

Normally :func:`running_stub` starts :class:`kfp_server_api.stub.StubServer` in-process.
With ``KFP18_STUB_PYTHON=<interpreter>`` it starts ``<interpreter> -m kfp_server_api.stub``
instead (``PYTHONPATH`` from ``KFP18_STUB_PYTHONPATH`` when set, e.g. the repo root) and
drives it through the stub's HTTP control API. The tests themselves then run on whatever
``kfp_server_api`` their own interpreter has: in a venv holding the *original*
``kfp-server-api 1.8.5`` (which has no stub) this proves they assert what kfp 1.8.22 users
observe with the client kfp was built for, not behaviour peculiar to this package.
``.ci/kfp18`` runs it before installing this repo; by hand (from outside the repo, or
``python -m`` would import the repo's package from the working directory)::

    cd /tmp && HOME=$(mktemp -d) KFP18_STUB_PYTHON=python3 KFP18_STUB_PYTHONPATH=/path/to/repo \
        /venv-with-kfp-1.8.22/bin/python -m pytest /path/to/repo/compat/kfp18 -q -p no:cacheprovider
"""
import contextlib
import json
import os
import subprocess
import urllib.request
from typing import Any, Iterator, Optional


class RemoteStub:
    """The control methods of ``StubServer`` the tests use, over ``/_stub/`` HTTP routes."""

    def __init__(self, url: str, token: Optional[str]) -> None:
        self.url = url
        self.token = token

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def advance_clock(self, seconds: float) -> str:
        """Advance the stub clock; returns the new time (RFC 3339)."""
        return self._call("POST", "/_stub/clock/advance", {"seconds": seconds})["now"]

    def set_run_status(self, run_id: str, status: str) -> None:
        """Force a run's status."""
        self._call("POST", f"/_stub/runs/{run_id}/status", {"status": status})

    def now(self) -> str:
        """The stub clock as RFC 3339."""
        return self._call("GET", "/_stub/clock")["now"]


def reference_mode() -> bool:
    """True when the stub runs in a child process (the test may be using another kfp_server_api)."""
    return bool(os.environ.get("KFP18_STUB_PYTHON"))


@contextlib.contextmanager
def running_stub(*, token: Optional[str], run_duration: float) -> Iterator[Any]:
    """A started stub (``StubServer`` or :class:`RemoteStub`), stopped on exit."""
    python = os.environ.get("KFP18_STUB_PYTHON")
    if not python:
        from kfp_server_api.stub import StubServer

        with StubServer(run_duration=run_duration, token=token) as stub:
            yield stub
        return
    command = [python, "-m", "kfp_server_api.stub", "--port", "0", "--quiet", "--run-duration", str(run_duration)]
    if token:
        command += ["--token", token]
    env = dict(os.environ)
    if os.environ.get("KFP18_STUB_PYTHONPATH"):
        # e.g. the repo root, for an interpreter whose site-packages hold the old client
        env["PYTHONPATH"] = os.environ["KFP18_STUB_PYTHONPATH"]
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stderr is not None
        banner = child.stderr.readline()  # "kfp-stub-server: serving the KFP v1beta1 API on http://..."
        assert " on http" in banner, f"stub did not start: {banner!r}"
        yield RemoteStub(banner.rsplit(" on ", 1)[1].strip(), token)
    finally:
        child.terminate()
        child.wait(timeout=30)
