"""Smoke test of the benchmark suite: ``benchmarks/run.py --quick`` runs end to end.

It checks what a maintainer relies on when running the suite: the command exits 0, writes the
JSON report, and every figure of the suite is in it with finite numbers and a verdict. It never
asserts on the numbers themselves (timing asserts would be flaky; figures are read, not tested).
"""
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN = os.path.join(ROOT, "benchmarks", "run.py")
FIGURES = ("deserialize", "serialize", "per_call", "import", "memory", "stub_throughput", "stub_list_scaling")


def test_quick_run_writes_every_figure(tmp_path):
    """`run.py --quick` exits 0 and its JSON holds every figure with finite numbers and a verdict."""
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, RUN, "--quick", "--json", str(out)], capture_output=True, text=True,
                          timeout=120, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["quick"] is True
    for key in ("cpu", "cores", "python", "urllib3"):
        assert report["machine"][key], key
    assert report["timestamp"]
    assert sorted(report["figures"]) == sorted(FIGURES)
    for name in FIGURES:
        row = report["figures"][name]
        assert "error" not in row, row
        for key in ("measured", "baseline", "ratio", "target"):
            assert isinstance(row[key], (int, float)) and math.isfinite(row[key]), (name, key, row[key])
        assert isinstance(row["pass"], bool)
        # The printed table names every figure too.
        assert name in proc.stdout


def test_only_selects_figures_and_rejects_unknown_names(tmp_path):
    """`--only` runs just the named figures; an unknown name is a usage error that lists the choices."""
    out = tmp_path / "one.json"
    proc = subprocess.run([sys.executable, RUN, "--quick", "--only", "serialize", "--json", str(out)],
                          capture_output=True, text=True, timeout=60, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert list(json.loads(out.read_text())["figures"]) == ["serialize"]

    bad = subprocess.run([sys.executable, RUN, "--only", "nope"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "unknown figure(s) nope" in bad.stderr


# --- the baseline server the throughput figures compare against must be a correct HTTP/1.1 server


def _bare_server(routes):
    sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
    try:
        from bare_server import BareServer
    finally:
        sys.path.pop(0)
    return BareServer(routes).start()


def _read_all(sock, expect_responses):
    data = b""
    sock.settimeout(10)
    while data.count(b"HTTP/1.1 ") < expect_responses or not data.endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_bare_server_keeps_connections_alive_and_answers_pipelined_requests_in_order():
    """One connection serves many requests, pipelined ones in order, and honours Connection: close."""
    import http.client
    import socket

    server = _bare_server({("GET", "/a"): b'{"a":1}', ("POST", "/b"): (201, b'{"b":2}', "application/json")})
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        for _ in range(3):
            conn.request("GET", "/a?x=1")
            resp = conn.getresponse()
            assert (resp.status, resp.read(), resp.getheader("Content-Type")) == (200, b'{"a":1}', "application/json")
            assert resp.getheader("Connection") is None
        sock_before = conn.sock
        conn.request("POST", "/b", body=b'{"x": 1}', headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        assert (resp.status, resp.read()) == (201, b'{"b":2}')
        assert conn.sock is sock_before  # same TCP connection throughout
        conn.close()

        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                         b"POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                         b"GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = _read_all(sock, 3)
        statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", data)
        assert statuses == [b"200", b"201", b"404"]
        assert data.index(b'{"a":1}') < data.index(b'{"b":2}') < data.index(b'"Not Found"')
        assert b"Connection: close" in data
    finally:
        server.stop()


def test_bare_server_rejects_bad_requests_with_4xx_and_reports_allowed_methods():
    """Malformed requests get 400/505 and a closed connection; a wrong method gets 405 with Allow."""
    import socket

    import urllib3

    server = _bare_server({("GET", "/a"): b'{"a":1}'})
    try:
        r = urllib3.PoolManager().request("DELETE", f"{server.url}/a")
        assert r.status == 405 and r.headers["Allow"] == "GET, HEAD"
        for bad in (b"NONSENSE\r\n\r\n", b"GET /a HTTP/1.1\r\nContent-Length: abc\r\n\r\n", b"GET /a HTTP/1.1\r\nno colon\r\n\r\n"):
            with socket.create_connection(("127.0.0.1", server.port)) as sock:
                sock.sendall(bad)
                data = _read_all(sock, 1)
            assert data.startswith(b"HTTP/1.1 400 "), data
            assert b"Connection: close" in data
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(b"GET /a HTTP/2.0\r\n\r\n")
            assert _read_all(sock, 1).startswith(b"HTTP/1.1 505 ")
    finally:
        server.stop()
