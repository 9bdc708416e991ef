"""Smoke test of the benchmark suite: ``benchmarks/run.py --quick`` runs end to end.

It checks what a maintainer relies on when running the suite: the command exits 0, writes the
JSON report, and every figure of the suite is in it with finite numbers and a verdict. It never
asserts on the numbers themselves (timing asserts would be flaky; figures are read, not tested).
"""
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN = os.path.join(ROOT, "benchmarks", "run.py")
FIGURES = ("deserialize", "serialize", "per_call", "import", "memory", "stub_throughput", "stub_list_scaling")


def test_quick_run_writes_every_figure(tmp_path):
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
    out = tmp_path / "one.json"
    proc = subprocess.run([sys.executable, RUN, "--quick", "--only", "serialize", "--json", str(out)],
                          capture_output=True, text=True, timeout=60, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert list(json.loads(out.read_text())["figures"]) == ["serialize"]

    bad = subprocess.run([sys.executable, RUN, "--only", "nope"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert "unknown figure(s) nope" in bad.stderr
