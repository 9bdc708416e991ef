# generated from spec/*.swagger.json by codegen/generate.py; do not edit
"""The generated API classes, one per tag of the spec, and every operation they call.

Loaded lazily (PEP 562): ``from kfp_server_api.api import RunServiceApi`` imports only that
module; ``ALL_OPERATIONS`` imports them all on first use.
"""
from typing import TYPE_CHECKING, Any, List, Tuple

from kfp_server_api._exports import APIS as _APIS

if TYPE_CHECKING:
    from kfp_server_api.operation import Operation
    from kfp_server_api.api.experiment_service_api import ExperimentServiceApi
    from kfp_server_api.api.healthz_service_api import HealthzServiceApi
    from kfp_server_api.api.job_service_api import JobServiceApi
    from kfp_server_api.api.pipeline_service_api import PipelineServiceApi
    from kfp_server_api.api.pipeline_upload_service_api import PipelineUploadServiceApi
    from kfp_server_api.api.run_service_api import RunServiceApi
    from kfp_server_api.api.task_service_api import TaskServiceApi

    #: Every operation of the API, in a stable order (by API module, then method name).
    ALL_OPERATIONS: Tuple[Operation, ...]

__all__ = [
    "ExperimentServiceApi",
    "HealthzServiceApi",
    "JobServiceApi",
    "PipelineServiceApi",
    "PipelineUploadServiceApi",
    "RunServiceApi",
    "TaskServiceApi",
    "ALL_OPERATIONS",
]


def _all_operations() -> Tuple[Any, ...]:
    import importlib

    ops: List[Any] = []
    for module in sorted(set(_APIS.values())):
        ops.extend(importlib.import_module(module).OPERATIONS.values())
    return tuple(ops)


def __getattr__(name: str) -> Any:
    import importlib

    if name == "ALL_OPERATIONS":
        value: Any = _all_operations()
    elif name in _APIS:
        value = getattr(importlib.import_module(_APIS[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
