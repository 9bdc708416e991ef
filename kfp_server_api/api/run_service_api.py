# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""RunServiceApi: the ``RunService`` operations of the API contract.

Each operation is described by a module-level :class:`~kfp_server_api.operation.Operation`;
the methods of :class:`RunServiceApi` hand it to ``ApiClient.call_operation``, which owns the
request path (auth, serialization, errors).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from kfp_server_api.operation import REQUIRED, BaseApi, Operation, Param

if TYPE_CHECKING:  # annotations only: importing an API class must not import the models
    from typing import Optional, Tuple, Union

    from kfp_server_api.models.api_filter import ApiFilter
    from kfp_server_api.models.api_list_runs_response import ApiListRunsResponse
    from kfp_server_api.models.api_read_artifact_response import ApiReadArtifactResponse
    from kfp_server_api.models.api_report_run_metrics_request import ApiReportRunMetricsRequest
    from kfp_server_api.models.api_report_run_metrics_response import ApiReportRunMetricsResponse
    from kfp_server_api.models.api_run import ApiRun
    from kfp_server_api.models.api_run_detail import ApiRunDetail

__all__ = ["RunServiceApi", "OPERATIONS"]

#: POST /apis/v1beta1/runs/{id}:archive
ARCHIVE_RUN = Operation(
    name="archive_run",
    api="RunServiceApi",
    operation_id="ArchiveRunV1",
    method="POST",
    path="/apis/v1beta1/runs/{id}:archive",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the run to be archived."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Archives a run.",
)

#: POST /apis/v1beta1/runs
CREATE_RUN = Operation(
    name="create_run",
    api="RunServiceApi",
    operation_id="CreateRunV1",
    method="POST",
    path="/apis/v1beta1/runs",
    params=(
        Param(name="body", wire="body", location="body", type="ApiRun", required=True),
    ),
    response_type="ApiRunDetail",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Creates a new run.",
)

#: DELETE /apis/v1beta1/runs/{id}
DELETE_RUN = Operation(
    name="delete_run",
    api="RunServiceApi",
    operation_id="DeleteRunV1",
    method="DELETE",
    path="/apis/v1beta1/runs/{id}",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the run to be deleted."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Deletes a run.",
)

#: GET /apis/v1beta1/runs/{run_id}
GET_RUN = Operation(
    name="get_run",
    api="RunServiceApi",
    operation_id="GetRunV1",
    method="GET",
    path="/apis/v1beta1/runs/{run_id}",
    params=(
        Param(name="run_id", wire="run_id", location="path", type="str", required=True, doc="The ID of the run to be retrieved."),
    ),
    response_type="ApiRunDetail",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds a specific run by ID.",
)

#: GET /apis/v1beta1/runs
LIST_RUNS = Operation(
    name="list_runs",
    api="RunServiceApi",
    operation_id="ListRunsV1",
    method="GET",
    path="/apis/v1beta1/runs",
    params=(
        Param(name="page_token", wire="page_token", location="query", type="str", doc="A page token to request the next page of results. The token is acquried\nfrom the nextPageToken field of the response from the previous\nListRuns call or can be omitted when fetching the first page."),
        Param(name="page_size", wire="page_size", location="query", type="int", doc="The number of runs to be listed per page. If there are more runs than this\nnumber, the response message will contain a nextPageToken field you can use\nto fetch the next page."),
        Param(name="sort_by", wire="sort_by", location="query", type="str", doc="Can be format of \"field_name\", \"field_name asc\" or \"field_name desc\"\n(Example, \"name asc\" or \"id desc\"). Ascending by default."),
        Param(name="resource_reference_key_type", wire="resource_reference_key.type", location="query", type="str", enum=("UNKNOWN_RESOURCE_TYPE", "EXPERIMENT", "JOB", "PIPELINE", "PIPELINE_VERSION", "NAMESPACE"), doc="The type of the resource that referred to."),
        Param(name="resource_reference_key_id", wire="resource_reference_key.id", location="query", type="str", doc="The ID of the resource that referred to."),
        Param(name="filter", wire="filter", location="query", type="str", doc="A url-encoded, JSON-serialized Filter protocol buffer (see\n[filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto))."),
    ),
    response_type="ApiListRunsResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds all runs.",
)

#: GET /apis/v1beta1/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read
READ_ARTIFACT = Operation(
    name="read_artifact",
    api="RunServiceApi",
    operation_id="ReadArtifactV1",
    method="GET",
    path="/apis/v1beta1/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read",
    params=(
        Param(name="run_id", wire="run_id", location="path", type="str", required=True, doc="The ID of the run."),
        Param(name="node_id", wire="node_id", location="path", type="str", required=True, doc="The ID of the running node."),
        Param(name="artifact_name", wire="artifact_name", location="path", type="str", required=True, doc="The name of the artifact."),
    ),
    response_type="ApiReadArtifactResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds a run's artifact data.",
)

#: POST /apis/v1beta1/runs/{run_id}:reportMetrics
REPORT_RUN_METRICS = Operation(
    name="report_run_metrics",
    api="RunServiceApi",
    operation_id="ReportRunMetricsV1",
    method="POST",
    path="/apis/v1beta1/runs/{run_id}:reportMetrics",
    params=(
        Param(name="run_id", wire="run_id", location="path", type="str", required=True, doc="Required. The parent run ID of the metric."),
        Param(name="body", wire="body", location="body", type="ApiReportRunMetricsRequest", required=True),
    ),
    response_type="ApiReportRunMetricsResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="ReportRunMetrics reports metrics of a run. Each metric is reported in its own transaction, so this API accepts partial failures. Metric can be uniquely identified by (run_id, node_id, name). Duplicate reporting will be ignored by the API. First reporting wins.",
)

#: POST /apis/v1beta1/runs/{run_id}/retry
RETRY_RUN = Operation(
    name="retry_run",
    api="RunServiceApi",
    operation_id="RetryRunV1",
    method="POST",
    path="/apis/v1beta1/runs/{run_id}/retry",
    params=(
        Param(name="run_id", wire="run_id", location="path", type="str", required=True, doc="The ID of the run to be retried."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Re-initiates a failed or terminated run.",
)

#: POST /apis/v1beta1/runs/{run_id}/terminate
TERMINATE_RUN = Operation(
    name="terminate_run",
    api="RunServiceApi",
    operation_id="TerminateRunV1",
    method="POST",
    path="/apis/v1beta1/runs/{run_id}/terminate",
    params=(
        Param(name="run_id", wire="run_id", location="path", type="str", required=True, doc="The ID of the run to be terminated."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Terminates an active run.",
)

#: POST /apis/v1beta1/runs/{id}:unarchive
UNARCHIVE_RUN = Operation(
    name="unarchive_run",
    api="RunServiceApi",
    operation_id="UnarchiveRunV1",
    method="POST",
    path="/apis/v1beta1/runs/{id}:unarchive",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the run to be restored."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Restores an archived run.",
)

#: The operations of :class:`RunServiceApi`, keyed by method name.
OPERATIONS: Dict[str, Operation] = {
    "archive_run": ARCHIVE_RUN,
    "create_run": CREATE_RUN,
    "delete_run": DELETE_RUN,
    "get_run": GET_RUN,
    "list_runs": LIST_RUNS,
    "read_artifact": READ_ARTIFACT,
    "report_run_metrics": REPORT_RUN_METRICS,
    "retry_run": RETRY_RUN,
    "terminate_run": TERMINATE_RUN,
    "unarchive_run": UNARCHIVE_RUN,
}


class RunServiceApi(BaseApi):
    """The ``RunService`` operations (``RunServiceApi(api_client=None)``; a default
    :class:`~kfp_server_api.api_client.ApiClient` is created when none is given)."""

    def archive_run(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Archives a run.

        :param id: The ID of the run to be archived. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(ARCHIVE_RUN, {"id": id}, kwargs)

    def archive_run_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`archive_run`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(ARCHIVE_RUN, {"id": id}, kwargs, http_info=True)

    def create_run(self, body: ApiRun = REQUIRED, **kwargs: Any) -> ApiRunDetail:
        """Creates a new run.

        :param body: (no description) (required)
        :type body: ApiRun
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiRunDetail
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(CREATE_RUN, {"body": body}, kwargs)

    def create_run_with_http_info(self, body: ApiRun = REQUIRED, **kwargs: Any) -> Tuple[ApiRunDetail, int, Dict[str, str]]:
        """Like :meth:`create_run`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(CREATE_RUN, {"body": body}, kwargs, http_info=True)

    def delete_run(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Deletes a run.

        :param id: The ID of the run to be deleted. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(DELETE_RUN, {"id": id}, kwargs)

    def delete_run_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`delete_run`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(DELETE_RUN, {"id": id}, kwargs, http_info=True)

    def get_run(self, run_id: str = REQUIRED, **kwargs: Any) -> ApiRunDetail:
        """Finds a specific run by ID.

        :param run_id: The ID of the run to be retrieved. (required)
        :type run_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiRunDetail
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_RUN, {"run_id": run_id}, kwargs)

    def get_run_with_http_info(self, run_id: str = REQUIRED, **kwargs: Any) -> Tuple[ApiRunDetail, int, Dict[str, str]]:
        """Like :meth:`get_run`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_RUN, {"run_id": run_id}, kwargs, http_info=True)

    def list_runs(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> ApiListRunsResponse:
        """Finds all runs.

        :param page_token: A page token to request the next page of results. The token is acquried from the nextPageToken field of the response from the previous ListRuns call or can be omitted when fetching the first page. (optional)
        :type page_token: str
        :param page_size: The number of runs to be listed per page. If there are more runs than this number, the response message will contain a nextPageToken field you can use to fetch the next page. (optional)
        :type page_size: int
        :param sort_by: Can be format of "field_name", "field_name asc" or "field_name desc" (Example, "name asc" or "id desc"). Ascending by default. (optional)
        :type sort_by: str
        :param resource_reference_key_type: The type of the resource that referred to. (optional; one of UNKNOWN_RESOURCE_TYPE, EXPERIMENT, JOB, PIPELINE, PIPELINE_VERSION, NAMESPACE; sent as ``resource_reference_key.type``)
        :type resource_reference_key_type: str
        :param resource_reference_key_id: The ID of the resource that referred to. (optional; sent as ``resource_reference_key.id``)
        :type resource_reference_key_id: str
        :param filter: A url-encoded, JSON-serialized Filter protocol buffer (see [filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto)). (optional; an ``ApiFilter`` is sent as its JSON)
        :type filter: str or ApiFilter
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiListRunsResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(LIST_RUNS, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id, "filter": filter}, kwargs)

    def list_runs_with_http_info(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> Tuple[ApiListRunsResponse, int, Dict[str, str]]:
        """Like :meth:`list_runs`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(LIST_RUNS, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id, "filter": filter}, kwargs, http_info=True)

    def read_artifact(
        self,
        run_id: str = REQUIRED,
        node_id: str = REQUIRED,
        artifact_name: str = REQUIRED,
        **kwargs: Any,
    ) -> ApiReadArtifactResponse:
        """Finds a run's artifact data.

        :param run_id: The ID of the run. (required)
        :type run_id: str
        :param node_id: The ID of the running node. (required)
        :type node_id: str
        :param artifact_name: The name of the artifact. (required)
        :type artifact_name: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiReadArtifactResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(READ_ARTIFACT, {"run_id": run_id, "node_id": node_id, "artifact_name": artifact_name}, kwargs)

    def read_artifact_with_http_info(
        self,
        run_id: str = REQUIRED,
        node_id: str = REQUIRED,
        artifact_name: str = REQUIRED,
        **kwargs: Any,
    ) -> Tuple[ApiReadArtifactResponse, int, Dict[str, str]]:
        """Like :meth:`read_artifact`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(READ_ARTIFACT, {"run_id": run_id, "node_id": node_id, "artifact_name": artifact_name}, kwargs, http_info=True)

    def report_run_metrics(
        self,
        run_id: str = REQUIRED,
        body: ApiReportRunMetricsRequest = REQUIRED,
        **kwargs: Any,
    ) -> ApiReportRunMetricsResponse:
        """ReportRunMetrics reports metrics of a run. Each metric is reported in its
        own transaction, so this API accepts partial failures. Metric can be
        uniquely identified by (run_id, node_id, name). Duplicate reporting will be
        ignored by the API. First reporting wins.

        :param run_id: Required. The parent run ID of the metric. (required)
        :type run_id: str
        :param body: (no description) (required)
        :type body: ApiReportRunMetricsRequest
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiReportRunMetricsResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(REPORT_RUN_METRICS, {"run_id": run_id, "body": body}, kwargs)

    def report_run_metrics_with_http_info(
        self,
        run_id: str = REQUIRED,
        body: ApiReportRunMetricsRequest = REQUIRED,
        **kwargs: Any,
    ) -> Tuple[ApiReportRunMetricsResponse, int, Dict[str, str]]:
        """Like :meth:`report_run_metrics`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(REPORT_RUN_METRICS, {"run_id": run_id, "body": body}, kwargs, http_info=True)

    def retry_run(self, run_id: str = REQUIRED, **kwargs: Any) -> Any:
        """Re-initiates a failed or terminated run.

        :param run_id: The ID of the run to be retried. (required)
        :type run_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(RETRY_RUN, {"run_id": run_id}, kwargs)

    def retry_run_with_http_info(self, run_id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`retry_run`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(RETRY_RUN, {"run_id": run_id}, kwargs, http_info=True)

    def terminate_run(self, run_id: str = REQUIRED, **kwargs: Any) -> Any:
        """Terminates an active run.

        :param run_id: The ID of the run to be terminated. (required)
        :type run_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(TERMINATE_RUN, {"run_id": run_id}, kwargs)

    def terminate_run_with_http_info(self, run_id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`terminate_run`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(TERMINATE_RUN, {"run_id": run_id}, kwargs, http_info=True)

    def unarchive_run(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Restores an archived run.

        :param id: The ID of the run to be restored. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(UNARCHIVE_RUN, {"id": id}, kwargs)

    def unarchive_run_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`unarchive_run`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(UNARCHIVE_RUN, {"id": id}, kwargs, http_info=True)
