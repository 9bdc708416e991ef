"""Hostile uploads to the stub CLI (a subprocess, so its memory can be read from /proc).

A 33 MiB body (over the 32 MiB limit), a zip bomb and tar.gz bombs (256 MiB of zeros in one member; many 30 MiB members
before any YAML), path-traversal member names, and non-archives with archive extensions, on
both upload routes. Each must be a 4xx with the upload error body; the server's peak resident
memory (``VmHWM``) stays within a bound; no file appears in the server's working directory,
its parents up to the test's tmp dir, or its TMPDIR. The server keeps answering afterwards.
"""
import gzip
import io
import json
import os
import tarfile
import urllib.parse
import zipfile
from typing import Any, Callable, Dict, List, Set, Tuple

import urllib3
from rel_support import PIPELINE_FILE

MIB = 1 << 20
BOMB = 256 * MIB
#: Peak resident memory the server may add over its warmed-up baseline while refusing all of this
#: (half of one bomb: a server that expanded a bomb in memory would exceed it).
PEAK_GROWTH_LIMIT_MIB = 128

with open(PIPELINE_FILE, "rb") as _f:
    PIPELINE = _f.read()


def _zeros_zip(name: str, size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(name, "w", force_zip64=True) as member:
            chunk = b"\0" * MIB
            for _ in range(size // MIB):
                member.write(chunk)
    return buf.getvalue()


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        n = min(len(buf), self.left)
        buf[:n] = b"\0" * n
        self.left -= n
        return n


def _tar_gz(members: List[Tuple[str, int, bytes]]) -> bytes:
    """A tar.gz of (name, size, content) members; ``content`` empty means ``size`` zero bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=1) as gz:
        with tarfile.open(fileobj=gz, mode="w") as tar:
            for name, size, content in members:
                info = tarfile.TarInfo(name)
                info.size = len(content) if content else size
                tar.addfile(info, io.BytesIO(content) if content else _Zeros(size))
    return buf.getvalue()


def _zip(members: List[Tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members:
            zf.writestr(name, content)
    return buf.getvalue()


#: name -> (file name sent, a function making the content); built in the test, not at import.
CASES: Dict[str, Tuple[str, Callable[[], bytes]]] = {
    "33 MiB yaml body": ("big.yaml", lambda: b"# " + b"x" * (33 * MIB) + b"\n" + PIPELINE),
    "zip bomb (256 MiB member)": ("bomb.zip", lambda: _zeros_zip("pipeline.yaml", BOMB)),
    "tar.gz bomb (256 MiB member)": ("bomb.tar.gz", lambda: _tar_gz([("pipeline.yaml", BOMB, b"")])),
    "tar.gz bomb (8 x 30 MiB members)": ("many.tar.gz", lambda: _tar_gz(
        [(f"junk{i}.bin", 30 * MIB, b"") for i in range(8)] + [("pipeline.yaml", 0, PIPELINE)])),
    "zip traversal ../../x": ("trav.zip", lambda: _zip([("../../x", PIPELINE)])),
    "tar.gz traversal ../../x": ("trav.tar.gz", lambda: _tar_gz([("../../x", 0, PIPELINE)])),
    "zip is text": ("fake.zip", lambda: PIPELINE),
    "tar.gz is random bytes": ("fake.tar.gz", lambda: os.urandom(4096)),
    "tar.gz is gzip of text": ("fake.tar.gz", lambda: gzip.compress(b"not a tar " * 1000)),
    "zip truncated": ("cut.zip", lambda: _zip([("pipeline.yaml", PIPELINE)])[:-30]),
}


def _upload(url: str, route: str, filename: str, content: bytes, query: Dict[str, str]) -> Tuple[int, bytes]:
    body, ctype = urllib3.encode_multipart_formdata([("uploadfile", (filename, content))])
    # urllib3 (as the SDK) reads an answer the server sends before it has read the whole body.
    resp = urllib3.request("POST", f"{url}{route}?{urllib.parse.urlencode(query)}", body=body,
                           headers={"Content-Type": ctype}, retries=False, timeout=120)
    return resp.status, resp.data


def _files(root: str) -> Set[str]:
    return {os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files}


def test_hostile_uploads_are_refused_with_bounded_memory(stub_cli: Any, tmp_path: Any, report: Any) -> None:
    work = tmp_path / "a" / "b" / "work"
    private_tmp = tmp_path / "tmp"
    work.mkdir(parents=True)
    private_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(private_tmp)}
    server = stub_cli(cwd=str(work), env=env)
    # Warm up: one valid upload, so the baseline includes the code paths' own memory.
    status, data = _upload(server.url, "/apis/v1beta1/pipelines/upload", "ok.yaml", PIPELINE, {"name": "ok"})
    assert status == 200, data
    pipeline_id = json.loads(data)["id"]
    before_files = _files(str(tmp_path))
    baseline = server.memory_kib("VmRSS")
    problems: List[str] = []
    results: List[str] = []
    routes = [("/apis/v1beta1/pipelines/upload", {}),
              ("/apis/v1beta1/pipelines/upload_version", {"pipelineid": pipeline_id})]
    for n, (label, (filename, make)) in enumerate(CASES.items()):
        content = make()
        for route, query in routes:
            status, data = _upload(server.url, route, filename, content, {"name": f"case-{n}", **query})
            body = json.loads(data) if data.startswith(b"{") else {}
            if not (400 <= status < 500 and "error_message" in body):
                problems.append(f"{label} on {route}: {status} {data[:150]!r}")
        results.append(f"{label} ({len(content) / MIB:.1f} MiB sent)")
    peak_growth = (server.memory_kib("VmHWM") - baseline) / 1024
    after_growth = (server.memory_kib("VmRSS") - baseline) / 1024
    new_files = _files(str(tmp_path)) - before_files
    # Still serving normally.
    status, _ = _upload(server.url, "/apis/v1beta1/pipelines/upload", "ok2.yaml", PIPELINE, {"name": "ok2"})
    assert problems == [], "\n".join(problems)
    assert status == 200
    assert not {f for f in new_files if not f.endswith(".log")}, f"files written: {sorted(new_files)}"
    assert peak_growth < PEAK_GROWTH_LIMIT_MIB, f"peak RSS grew by {peak_growth:.0f} MiB"
    report(f"{len(CASES)} hostile uploads x 2 routes = {2 * len(CASES)} requests, all 4xx with the upload error body; "
           f"RSS baseline {baseline / 1024:.0f} MiB, peak +{peak_growth:.0f} MiB (limit {PEAK_GROWTH_LIMIT_MIB}), "
           f"after +{after_growth:.0f} MiB; 0 files written")


def test_traversal_names_that_look_like_pipelines_stay_names(stub_cli: Any, tmp_path: Any, report: Any) -> None:
    """``../../evil.yaml`` inside an archive is only a member name: never a path on disk."""
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    server = stub_cli(cwd=str(work))
    before = _files(str(tmp_path))
    statuses = []
    for filename, content in (("t.zip", _zip([("../../evil.yaml", PIPELINE)])),
                              ("t.tar.gz", _tar_gz([("../../evil.yaml", 0, PIPELINE)])),
                              ("t.tar.gz", _tar_gz([("/abs/evil.yaml", 0, PIPELINE)]))):
        status, data = _upload(server.url, "/apis/v1beta1/pipelines/upload", filename, content,
                               {"name": f"trav-{len(statuses)}"})
        assert status < 500, data
        statuses.append(status)
    new = {f for f in _files(str(tmp_path)) - before if not f.endswith(".log")}
    assert new == set()
    assert not os.path.exists(tmp_path / "a" / "evil.yaml") and not os.path.exists("/abs/evil.yaml")
    report(f"traversal member names that are YAML: statuses {statuses}, 0 files written")
