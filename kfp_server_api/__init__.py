"""Python client SDK for the Kubeflow Pipelines v1beta1 REST API.

Every public name (API classes, models, ``ApiClient``, ``Configuration``, the exceptions, and
the helpers ``paginate``, ``paginate_pages``, ``Filter``, ``wait_for_run`` and
``RunTimeoutError``) is importable from here; they are loaded lazily (PEP 562) so that
``import kfp_server_api`` stays cheap and only what a program uses gets imported.
"""
from typing import TYPE_CHECKING, Any, Dict, List

from kfp_server_api._exports import APIS as _APIS
from kfp_server_api._exports import MODELS as _MODELS
from kfp_server_api._version import API_VERSION, __version__

if TYPE_CHECKING:  # real imports, for type checkers and IDEs
    from kfp_server_api.api import *  # noqa: F401,F403
    from kfp_server_api.api_client import ApiClient  # noqa: F401
    from kfp_server_api.configuration import Configuration  # noqa: F401
    from kfp_server_api.exceptions import (  # noqa: F401
        ApiAttributeError,
        ApiConnectionError,
        ApiDecodeError,
        ApiException,
        ApiKeyError,
        ApiTimeoutError,
        ApiTypeError,
        ApiValueError,
        BadRequestException,
        ConflictException,
        ForbiddenException,
        NotFoundException,
        OpenApiException,
        ServiceException,
        UnauthorizedException,
    )
    from kfp_server_api.filters import Filter  # noqa: F401
    from kfp_server_api.models import *  # noqa: F401,F403
    from kfp_server_api.pagination import paginate, paginate_pages  # noqa: F401
    from kfp_server_api.waiting import RunTimeoutError, wait_for_run  # noqa: F401

_EXCEPTIONS = (
    "OpenApiException",
    "ApiTypeError",
    "ApiValueError",
    "ApiKeyError",
    "ApiException",
    "NotFoundException",
    "UnauthorizedException",
    "ForbiddenException",
    "BadRequestException",
    "ConflictException",
    "ServiceException",
    "ApiDecodeError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "ApiAttributeError",
)

#: Public name -> module that defines it.
_LAZY: Dict[str, str] = {
    "ApiClient": "kfp_server_api.api_client",
    "Configuration": "kfp_server_api.configuration",
    **{name: "kfp_server_api.exceptions" for name in _EXCEPTIONS},
    # The usability layer: paging, filters, waiting for runs.
    "paginate": "kfp_server_api.pagination",
    "paginate_pages": "kfp_server_api.pagination",
    "Filter": "kfp_server_api.filters",
    "wait_for_run": "kfp_server_api.waiting",
    "RunTimeoutError": "kfp_server_api.waiting",
    **_APIS,
    **_MODELS,
}

#: Submodules reachable as attributes without an explicit import (code written against the
#: older generated client, kfp 1.8 among it, reads ``kfp_server_api.models.api_run`` etc.).
_SUBMODULES = frozenset(
    ("api", "models", "api_client", "configuration", "exceptions", "rest", "model_base", "operation",
     "pagination", "filters", "waiting")
)

__all__ = ["__version__", "API_VERSION", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
