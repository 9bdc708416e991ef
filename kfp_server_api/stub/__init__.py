"""A reference stub of the KFP v1beta1 API server, for contract tests without a cluster.

One backend (:class:`~kfp_server_api.stub.backend.Backend`, state in SQLite) serves both
in-process (:class:`StubServer`, a thread on a free port) and as a standalone server
(``python -m kfp_server_api.stub``). ``create_app(backend)`` gives the WSGI application.
Names are loaded lazily so that importing this package (e.g. from the pytest plugin) is cheap.
"""
from typing import Any

__all__ = ["StubServer", "Backend", "create_app", "StubError"]

_LAZY = {
    "StubServer": "kfp_server_api.stub.server",
    "Backend": "kfp_server_api.stub.backend",
    "create_app": "kfp_server_api.stub.wsgi",
    "StubError": "kfp_server_api.stub.errors",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> Any:
    return sorted(set(globals()) | set(__all__))
