"""Fixtures of the reliability suite (hostile input, faults, load, TLS, credentials).

* ``report``: ``report("schemathesis: 39 operations, 1,950 cases, 0 failures")`` records one
  line; every line is printed in a "reliability report" section at the end of the run (so CI
  output shows what was tried, without ``-s``).
* ``raw_server``: a :class:`RawServer` factory -- a loopback TCP server whose answer to each
  request is written by a handler byte by byte (wrong framing, resets, silence, drips).
* ``certs``: a CA, a server certificate for ``127.0.0.1`` and a client certificate, made with
  the ``openssl`` command line tool in a temporary directory (one set per session).
* ``stub_cli``: starts ``python -m kfp_server_api.stub`` as a subprocess (:class:`StubProcess`).
"""
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest
from rel_support import Handler, RawServer, StubProcess

_LINES: List[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print what the reliability tests tried (counts per test)."""
    if not _LINES:
        return
    terminalreporter.section("reliability report")
    for line in _LINES:
        terminalreporter.write_line(line)


@pytest.fixture
def report(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """``report(text)`` adds ``<test name>: <text>`` to the reliability report."""
    name = request.node.name

    def add(text: str) -> None:
        _LINES.append(f"{name}: {text}")

    return add


@pytest.fixture(scope="session")
def session_report() -> Callable[[str, str], None]:
    """``session_report(label, text)`` adds ``<label>: <text>`` (for module-level totals)."""

    def add(label: str, text: str) -> None:
        _LINES.append(f"{label}: {text}")

    return add


@pytest.fixture
def raw_server() -> Iterator[Callable[[Handler], RawServer]]:
    """Factory of :class:`RawServer` instances, all closed after the test."""
    servers: List[RawServer] = []

    def make(handler: Handler) -> RawServer:
        server = RawServer(handler)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


# -- certificates --------------------------------------------------------------------------


@dataclass
class Certs:
    """File paths of a test PKI: ``ca``, ``server_cert``/``server_key`` (for 127.0.0.1 and
    localhost) and ``client_cert``/``client_key`` (subject CN ``reliability-client``)."""

    ca: str
    server_cert: str
    server_key: str
    client_cert: str
    client_key: str


def _openssl(*args: str, cwd: str) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    """A CA, a server and a client certificate signed by it (``openssl`` command line)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    d = str(tmp_path_factory.mktemp("pki"))
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
             "-days", "2", "-subj", "/CN=reliability-test-ca", cwd=d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    for name, subj in (("server", "/CN=127.0.0.1"), ("client", "/CN=reliability-client/O=kfp-tests")):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", subj, cwd=d)
        extra = ["-extfile", "server.ext"] if name == "server" else []
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", *extra, cwd=d)
    p = lambda n: os.path.join(d, n)  # noqa: E731
    return Certs(p("ca.pem"), p("server.pem"), p("server.key"), p("client.pem"), p("client.key"))


@pytest.fixture
def stub_cli(tmp_path: Any) -> Iterator[Callable[..., StubProcess]]:
    """``stub_cli(*args, cwd=None, env=None)`` starts the stub CLI; every process is stopped after the test."""
    procs: List[StubProcess] = []

    def start(*args: str, cwd: Optional[str] = None, env: Optional[Dict[str, str]] = None) -> StubProcess:
        proc = StubProcess(list(args), str(tmp_path / f"stub-{len(procs)}.log"), cwd=cwd, env=env)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.stop()


