"""examples/quickstart.py as a user runs it: a subprocess, its exit status and what it prints."""
import contextlib
import os
import re
import subprocess
import sys

import pytest

from kfp_server_api import (ApiPipelineSpec, ApiRun, ExperimentServiceApi, PipelineServiceApi, PipelineUploadServiceApi,
                            RunServiceApi)
from kfp_server_api.stub import StubServer

QUICKSTART = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples", "quickstart.py")

STEPS = ["1. Connected to", "2. Created experiment", "3. Uploaded pipeline", "4. Started run",
         "5. Waiting for the run to finish", "Run finished: Succeeded", "6. Listed the experiment's runs",
         "Done."]


def _run(*args, env=None):
    return subprocess.run([sys.executable, QUICKSTART, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def _assert_steps_in_order(out):
    positions = [out.find(step) for step in STEPS]
    assert -1 not in positions, out
    assert positions == sorted(positions), out


def test_without_arguments_it_runs_against_the_bundled_stub():
    result = _run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Started the bundled stub server at http://127.0.0.1:")
    _assert_steps_in_order(result.stdout)
    assert "... Succeeded" in result.stdout
    assert ": 1 found" in result.stdout
    assert result.stderr == ""


def test_with_host_and_token_against_a_server_that_needs_the_token():
    with StubServer(token="quick-token") as server:
        result = _run("--host", server.url, "--token", "quick-token")
        assert result.returncode == 0, result.stderr
        _assert_steps_in_order(result.stdout)
        assert f"1. Connected to {server.url}" in result.stdout
        with server.api_client() as client:  # what it created is on the server
            names = [e.name for e in ExperimentServiceApi(client).list_experiment().experiments]
            assert any(n.startswith("quickstart-") for n in names)
            assert len(RunServiceApi(client).list_runs().runs) == 1


def test_token_from_the_environment_and_cleanup():
    with StubServer(token="env-token") as server:
        result = _run("--host", server.url, "--cleanup", env={"KF_PIPELINES_TOKEN": "env-token"})
        assert result.returncode == 0, result.stderr
        assert "7. Cleaned up" in result.stdout
        with server.api_client() as client:
            assert RunServiceApi(client).list_runs().runs is None
            assert PipelineServiceApi(client).list_pipelines().pipelines is None
            assert [e.name for e in ExperimentServiceApi(client).list_experiment().experiments] == ["Default"]


def test_a_wrong_token_is_a_clear_error():
    with StubServer(token="right") as server:
        result = _run("--host", server.url, "--token", "wrong")
    assert result.returncode == 2
    assert result.stderr.startswith("error: the KFP API server refused a request:")
    assert "(401)" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_host_is_a_clear_error(closed_port):
    result = _run("--host", f"http://127.0.0.1:{closed_port}")
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot reach the KFP API server:")
    assert "Traceback" not in result.stderr


# -- the guides' code samples ------------------------------------------------------------------
# Fenced blocks whose info string is ``python runnable`` run in order, in one namespace per
# guide (they start their own stub); ``python file=<name>`` blocks are written to <name> in a
# temporary directory and run there with pytest (the testing guide's fixtures and conftest).

DOCS = os.path.join(os.path.dirname(QUICKSTART), os.pardir, "docs")
GUIDES = ["getting-started.md", "authentication.md", "paging-and-filtering.md", "testing-with-the-stub.md",
          "migrating.md"]
FENCE = re.compile(r"^```python ?([^\n]*)\n(.*?)^```$", re.M | re.S)


def _blocks(guide, kind):
    with open(os.path.join(DOCS, guide), encoding="utf-8") as f:
        text = f.read()
    return [(info, body) for info, body in FENCE.findall(text) if info.strip().startswith(kind)]


def test_every_guide_has_runnable_samples():
    for guide in GUIDES:
        assert _blocks(guide, "runnable") or _blocks(guide, "file="), guide


@pytest.mark.parametrize("guide", GUIDES)
def test_every_python_sample_of_the_guides_compiles(guide):
    """Samples that need a real cluster cannot run here; they must at least be valid Python."""
    blocks = _blocks(guide, "")
    assert blocks
    for number, (_info, body) in enumerate(blocks, 1):
        compile(body, f"{guide} (python block {number})", "exec")


@pytest.mark.parametrize("guide", GUIDES)
def test_runnable_samples_of_the_guides(guide, capsys):
    namespace = {"__name__": f"guide_{guide}"}
    try:
        for number, (_info, body) in enumerate(_blocks(guide, "runnable"), 1):
            exec(compile(body, f"{guide} (runnable block {number})", "exec"), namespace)  # noqa: S102
    finally:
        # A failed block must not leave a server thread behind.
        for name in ("client", "stub"):
            closer = getattr(namespace.get(name), "close" if name == "client" else "stop", None)
            if closer is not None:
                with contextlib.suppress(Exception):
                    closer()


def test_pytest_samples_of_the_testing_guide(tmp_path):
    files = _blocks("testing-with-the-stub.md", "file=")
    assert files
    for info, body in files:
        name = info.split("file=", 1)[1].strip()
        with open(tmp_path / name, "a", encoding="utf-8") as f:
            f.write(body + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KFP_TEST_")}

    def run_pytest(extra_env):
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                              capture_output=True, text=True, timeout=300, cwd=tmp_path, env={**env, **extra_env})

    result = run_pytest({})
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and "skipped" not in result.stdout
    # With KFP_TEST_HOST the contract tests go to that server (here: another stub, with a token)
    # and the clock-driven one is skipped.
    with StubServer(token="real-token") as real:
        result = run_pytest({"KFP_TEST_HOST": real.url, "KFP_TEST_TOKEN": "real-token"})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "1 skipped" in result.stdout
        with real.api_client() as client:  # the contract test cleaned up after itself
            assert [e.name for e in ExperimentServiceApi(client).list_experiment().experiments] == ["Default"]
        # It really went there: with a wrong token that server refuses it.
        result = run_pytest({"KFP_TEST_HOST": real.url, "KFP_TEST_TOKEN": "wrong"})
        assert result.returncode == 1 and "UnauthorizedException" in result.stdout


def test_readme_quickstart_code(kfp_stub, monkeypatch):
    """The README's Quickstart code block, with the environment pointing at the stub."""
    with open(os.path.join(os.path.dirname(DOCS), "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    assert section.lstrip().startswith("```bash\npython examples/quickstart.py\n```")  # README's first command
    (code,) = re.findall(r"^```python\n(.*?)^```$", section, re.M | re.S)
    monkeypatch.setenv("KF_PIPELINES_ENDPOINT", kfp_stub.url)
    monkeypatch.delenv("KF_PIPELINES_TOKEN", raising=False)
    with kfp_stub.api_client() as client:
        workflow = b"kind: Workflow\napiVersion: argoproj.io/v1alpha1\nmetadata: {generateName: r-}\n" \
                   b"spec:\n  entrypoint: m\n  templates:\n  - {name: m, container: {image: alpine}}\n"
        pipeline = PipelineUploadServiceApi(client).upload_pipeline(("r.yaml", workflow), name="readme")
        RunServiceApi(client).create_run(ApiRun(name="broken", pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline.id)))
        broken = RunServiceApi(client).list_runs().runs[0]
        kfp_stub.set_run_status(broken.id, "Failed")
    namespace = {"pipeline_id": pipeline.id}
    exec(compile(code, "README.md (Quickstart)", "exec"), namespace)  # noqa: S102
    assert namespace["detail"].run.status == "Succeeded"
    assert namespace["failed"].name == "broken"
