# generated from spec/*.swagger.json by codegen/generate.py; do not edit
"""Every model of the API contract, importable as ``kfp_server_api.models.<Name>``.

Loaded lazily (PEP 562): a model module is imported the first time its name is used.
"""
from typing import TYPE_CHECKING, Any, List

from kfp_server_api._exports import MODELS as _MODELS

_MODULES = frozenset(_MODELS.values())

if TYPE_CHECKING:
    from kfp_server_api.models.api_cron_schedule import ApiCronSchedule
    from kfp_server_api.models.api_experiment import ApiExperiment
    from kfp_server_api.models.api_experiment_storage_state import ApiExperimentStorageState
    from kfp_server_api.models.api_filter import ApiFilter
    from kfp_server_api.models.api_get_healthz_response import ApiGetHealthzResponse
    from kfp_server_api.models.api_get_template_response import ApiGetTemplateResponse
    from kfp_server_api.models.api_int_values import ApiIntValues
    from kfp_server_api.models.api_job import ApiJob
    from kfp_server_api.models.api_list_experiments_response import ApiListExperimentsResponse
    from kfp_server_api.models.api_list_jobs_response import ApiListJobsResponse
    from kfp_server_api.models.api_list_pipeline_versions_response import ApiListPipelineVersionsResponse
    from kfp_server_api.models.api_list_pipelines_response import ApiListPipelinesResponse
    from kfp_server_api.models.api_list_runs_response import ApiListRunsResponse
    from kfp_server_api.models.api_list_tasks_response import ApiListTasksResponse
    from kfp_server_api.models.api_long_values import ApiLongValues
    from kfp_server_api.models.api_parameter import ApiParameter
    from kfp_server_api.models.api_periodic_schedule import ApiPeriodicSchedule
    from kfp_server_api.models.api_pipeline import ApiPipeline
    from kfp_server_api.models.api_pipeline_runtime import ApiPipelineRuntime
    from kfp_server_api.models.api_pipeline_spec import ApiPipelineSpec
    from kfp_server_api.models.api_pipeline_version import ApiPipelineVersion
    from kfp_server_api.models.api_predicate import ApiPredicate
    from kfp_server_api.models.api_read_artifact_response import ApiReadArtifactResponse
    from kfp_server_api.models.api_relationship import ApiRelationship
    from kfp_server_api.models.api_report_run_metrics_request import ApiReportRunMetricsRequest
    from kfp_server_api.models.api_report_run_metrics_response import ApiReportRunMetricsResponse
    from kfp_server_api.models.api_resource_key import ApiResourceKey
    from kfp_server_api.models.api_resource_reference import ApiResourceReference
    from kfp_server_api.models.api_resource_type import ApiResourceType
    from kfp_server_api.models.api_run import ApiRun
    from kfp_server_api.models.api_run_detail import ApiRunDetail
    from kfp_server_api.models.api_run_metric import ApiRunMetric
    from kfp_server_api.models.api_run_storage_state import ApiRunStorageState
    from kfp_server_api.models.api_status import ApiStatus
    from kfp_server_api.models.api_string_values import ApiStringValues
    from kfp_server_api.models.api_task import ApiTask
    from kfp_server_api.models.api_trigger import ApiTrigger
    from kfp_server_api.models.api_url import ApiUrl
    from kfp_server_api.models.job_mode import JobMode
    from kfp_server_api.models.pipeline_spec_runtime_config import PipelineSpecRuntimeConfig
    from kfp_server_api.models.predicate_op import PredicateOp
    from kfp_server_api.models.protobuf_any import ProtobufAny
    from kfp_server_api.models.protobuf_list_value import ProtobufListValue
    from kfp_server_api.models.protobuf_null_value import ProtobufNullValue
    from kfp_server_api.models.protobuf_struct import ProtobufStruct
    from kfp_server_api.models.protobuf_value import ProtobufValue
    from kfp_server_api.models.report_run_metrics_response_report_run_metric_result import ReportRunMetricsResponseReportRunMetricResult
    from kfp_server_api.models.report_run_metrics_response_report_run_metric_result_status import ReportRunMetricsResponseReportRunMetricResultStatus
    from kfp_server_api.models.run_metric_format import RunMetricFormat

__all__ = [
    "ApiCronSchedule",
    "ApiExperiment",
    "ApiExperimentStorageState",
    "ApiFilter",
    "ApiGetHealthzResponse",
    "ApiGetTemplateResponse",
    "ApiIntValues",
    "ApiJob",
    "ApiListExperimentsResponse",
    "ApiListJobsResponse",
    "ApiListPipelineVersionsResponse",
    "ApiListPipelinesResponse",
    "ApiListRunsResponse",
    "ApiListTasksResponse",
    "ApiLongValues",
    "ApiParameter",
    "ApiPeriodicSchedule",
    "ApiPipeline",
    "ApiPipelineRuntime",
    "ApiPipelineSpec",
    "ApiPipelineVersion",
    "ApiPredicate",
    "ApiReadArtifactResponse",
    "ApiRelationship",
    "ApiReportRunMetricsRequest",
    "ApiReportRunMetricsResponse",
    "ApiResourceKey",
    "ApiResourceReference",
    "ApiResourceType",
    "ApiRun",
    "ApiRunDetail",
    "ApiRunMetric",
    "ApiRunStorageState",
    "ApiStatus",
    "ApiStringValues",
    "ApiTask",
    "ApiTrigger",
    "ApiUrl",
    "JobMode",
    "PipelineSpecRuntimeConfig",
    "PredicateOp",
    "ProtobufAny",
    "ProtobufListValue",
    "ProtobufNullValue",
    "ProtobufStruct",
    "ProtobufValue",
    "ReportRunMetricsResponseReportRunMetricResult",
    "ReportRunMetricsResponseReportRunMetricResultStatus",
    "RunMetricFormat",
]


def __getattr__(name: str) -> Any:
    import importlib

    if f"{__name__}.{name}" in _MODULES:
        # ``kfp_server_api.models.api_run`` without importing it first (older client's habit).
        return importlib.import_module(f"{__name__}.{name}")
    module = _MODELS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
