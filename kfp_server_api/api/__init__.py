# generated from spec/*.swagger.json by codegen/generate.py; do not edit
"""The generated API classes, one per tag of the spec, and every operation they call."""
from typing import Tuple

from kfp_server_api.operation import Operation
from kfp_server_api.api.experiment_service_api import OPERATIONS as _EXPERIMENT_SERVICE_API_OPERATIONS, ExperimentServiceApi
from kfp_server_api.api.healthz_service_api import OPERATIONS as _HEALTHZ_SERVICE_API_OPERATIONS, HealthzServiceApi
from kfp_server_api.api.job_service_api import OPERATIONS as _JOB_SERVICE_API_OPERATIONS, JobServiceApi
from kfp_server_api.api.pipeline_service_api import OPERATIONS as _PIPELINE_SERVICE_API_OPERATIONS, PipelineServiceApi
from kfp_server_api.api.pipeline_upload_service_api import OPERATIONS as _PIPELINE_UPLOAD_SERVICE_API_OPERATIONS, PipelineUploadServiceApi
from kfp_server_api.api.run_service_api import OPERATIONS as _RUN_SERVICE_API_OPERATIONS, RunServiceApi
from kfp_server_api.api.task_service_api import OPERATIONS as _TASK_SERVICE_API_OPERATIONS, TaskServiceApi

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

#: Every operation of the API, in a stable order (by API module, then method name).
ALL_OPERATIONS: Tuple[Operation, ...] = (
    *_EXPERIMENT_SERVICE_API_OPERATIONS.values(),
    *_HEALTHZ_SERVICE_API_OPERATIONS.values(),
    *_JOB_SERVICE_API_OPERATIONS.values(),
    *_PIPELINE_SERVICE_API_OPERATIONS.values(),
    *_PIPELINE_UPLOAD_SERVICE_API_OPERATIONS.values(),
    *_RUN_SERVICE_API_OPERATIONS.values(),
    *_TASK_SERVICE_API_OPERATIONS.values(),
)
