"""Fixtures for running the KFP v1 SDK (``kfp==1.8.22``) on top of this package.

Run by ``bash .ci/kfp18`` in a venv holding kfp 1.8.22 with this repo installed over its
``kfp-server-api`` requirement (see ``docs/kfp18-compat.md``). Outside such a venv the tests
skip, unless ``KFP18_REQUIRED=1`` (set by the CI script) makes a missing kfp an error.

* ``HOME`` points at a fresh temporary directory *before* kfp is imported: ``kfp.Client``
  computes its context file path (``~/.config/kfp/context.json``) at import time, reads it on
  every construction and may write it, so a developer's real context must never leak in.
  ``KF_PIPELINES_*``, ``KUBECONFIG`` and ``KUBERNETES_SERVICE_*`` are cleared for the same reason.
* ``packages``: the pipelines of ``kfp18_pipelines.py`` compiled once per session with the
  v1 compiler, as ``.yaml``, ``.tar.gz`` and ``.zip``.
* Classes marked ``@pytest.mark.incremental`` are ordered workflow steps: after a failed
  step, the later steps of the same parametrization are reported as xfail naming the step
  that broke, instead of a cascade of follow-on errors.
* ``KFP18_STUB_PYTHON`` selects the reference check described in ``kfp18_stub.py``.
* Every test fails if this package (or urllib3 on its behalf) emitted a warning during it.
"""
import importlib.util
import os
import shutil
import tempfile
import types
import warnings
from typing import Dict, Iterator, Tuple

import pytest

_KFP_ENV = (
    "KF_PIPELINES_ENDPOINT",
    "KF_PIPELINES_UI_ENDPOINT",
    "KF_PIPELINES_IAP_OAUTH2_CLIENT_ID",
    "KF_PIPELINES_APP_OAUTH2_CLIENT_ID",
    "KF_PIPELINES_APP_OAUTH2_CLIENT_SECRET",
    "KF_PIPELINES_DEFAULT_EXPERIMENT_NAME",
    "KF_PIPELINES_OVERRIDE_EXPERIMENT_NAME",
    "KF_PIPELINES_SA_TOKEN_PATH",
    # kfp.Client() without a host tries in-cluster config, then the kubeconfig: keep a CI pod's
    # service account and a developer's kubeconfig out of it.
    "KUBECONFIG",
    "KUBERNETES_SERVICE_HOST",
    "KUBERNETES_SERVICE_PORT",
)

_SAVED_ENV = {name: os.environ.get(name) for name in ("HOME",) + _KFP_ENV}
_HOME = ""
# Only where these tests will run: a pytest run without kfp keeps its environment.
if os.environ.get("KFP18_REQUIRED") or importlib.util.find_spec("kfp") is not None:
    _HOME = tempfile.mkdtemp(prefix="kfp18-home-")
    os.environ["HOME"] = _HOME
    for _name in _KFP_ENV:
        os.environ.pop(_name, None)


if os.environ.get("KFP18_STUB_PYTHON"):
    # Reference check (kfp18_stub.py): these need the stub in-process (its app, its HTTP server).
    collect_ignore = ["test_client_setup.py"]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Give the process its environment back and drop the temporary HOME."""
    if not _HOME:
        return
    for name, value in _SAVED_ENV.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(_HOME, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``incremental`` marker."""
    config.addinivalue_line("markers", "incremental: ordered workflow steps; later steps xfail after a failure")


#: (class node id, parametrization id) -> name of the first failed step.
_FAILED_STEPS: Dict[Tuple[str, str], str] = {}


def _step_key(item: pytest.Item) -> Tuple[str, str]:
    callspec = getattr(item, "callspec", None)
    return (item.parent.nodeid if item.parent else "", callspec.id if callspec else "")


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> None:
    """Remember the first failing step of an incremental class."""
    if "incremental" in item.keywords and call.excinfo is not None:
        if not call.excinfo.errisinstance((pytest.skip.Exception, pytest.xfail.Exception)):
            _FAILED_STEPS.setdefault(_step_key(item), item.originalname if hasattr(item, "originalname") else item.name)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip the rest of an incremental class (same parametrization) after a failed step."""
    if "incremental" in item.keywords:
        failed = _FAILED_STEPS.get(_step_key(item))
        if failed is not None:
            pytest.xfail(f"previous workflow step failed: {failed}")


def _kfp_or_skip() -> types.ModuleType:
    if os.environ.get("KFP18_REQUIRED"):
        import kfp  # CI: a missing kfp is an error, never a silent skip

        return kfp
    return pytest.importorskip("kfp", reason="needs kfp 1.8 (run: bash .ci/kfp18)")


@pytest.fixture(scope="session")
def kfp() -> types.ModuleType:
    """The installed ``kfp`` package (1.8.x), or a skip outside the kfp18 venv."""
    return _kfp_or_skip()


@pytest.fixture(scope="session")
def packages(kfp: types.ModuleType, tmp_path_factory: pytest.TempPathFactory) -> types.SimpleNamespace:
    """Compiled pipeline packages: ``greeter`` (.yaml), ``single_tgz`` (.tar.gz), ``single_zip`` (.zip)."""
    import kfp18_pipelines as pipelines

    directory = str(tmp_path_factory.mktemp("packages"))
    with warnings.catch_warnings():
        # kfp's own compiler warns about its ContainerOp API; not ours to fix.
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return types.SimpleNamespace(
            greeter=pipelines.compile_to(pipelines.greeter, directory, "greeter.yaml"),
            single_tgz=pipelines.compile_to(pipelines.single, directory, "single.tar.gz"),
            single_zip=pipelines.compile_to(pipelines.single, directory, "single.zip"),
        )


@pytest.fixture(autouse=True)
def no_warnings_from_this_package() -> Iterator[None]:
    """Fail a test during which kfp_server_api, or urllib3 because of it, warned."""
    if os.environ.get("KFP18_STUB_PYTHON"):
        # Reference check (kfp18_stub.py): the client under test is the old one, which does warn.
        yield
        return
    import urllib3

    import kfp_server_api

    package_dir = os.path.dirname(os.path.abspath(kfp_server_api.__file__))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    ours = [
        f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})"
        for w in caught
        if os.path.abspath(w.filename).startswith(package_dir)
        or issubclass(w.category, urllib3.exceptions.HTTPWarning)
    ]
    assert not ours, "warnings from kfp_server_api:\n" + "\n".join(ours)

