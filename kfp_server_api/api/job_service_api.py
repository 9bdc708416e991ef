# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""JobServiceApi: the ``JobService`` operations of the API contract.

Each operation is described by a module-level :class:`~kfp_server_api.operation.Operation`;
the methods of :class:`JobServiceApi` hand it to ``ApiClient.call_operation``, which owns the
request path (auth, serialization, errors).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from kfp_server_api.operation import REQUIRED, BaseApi, Operation, Param

if TYPE_CHECKING:  # annotations only: importing an API class must not import the models
    from typing import Optional, Tuple, Union

    from kfp_server_api.models.api_filter import ApiFilter
    from kfp_server_api.models.api_job import ApiJob
    from kfp_server_api.models.api_list_jobs_response import ApiListJobsResponse

__all__ = ["JobServiceApi", "OPERATIONS"]

#: POST /apis/v1beta1/jobs
CREATE_JOB = Operation(
    name="create_job",
    api="JobServiceApi",
    operation_id="CreateJob",
    method="POST",
    path="/apis/v1beta1/jobs",
    params=(
        Param(name="body", wire="body", location="body", type="ApiJob", required=True, doc="The job to be created"),
    ),
    response_type="ApiJob",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Creates a new job.",
)

#: DELETE /apis/v1beta1/jobs/{id}
DELETE_JOB = Operation(
    name="delete_job",
    api="JobServiceApi",
    operation_id="DeleteJob",
    method="DELETE",
    path="/apis/v1beta1/jobs/{id}",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the job to be deleted"),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Deletes a job.",
)

#: POST /apis/v1beta1/jobs/{id}/disable
DISABLE_JOB = Operation(
    name="disable_job",
    api="JobServiceApi",
    operation_id="DisableJob",
    method="POST",
    path="/apis/v1beta1/jobs/{id}/disable",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the job to be disabled"),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Stops a job and all its associated runs. The job is not deleted.",
)

#: POST /apis/v1beta1/jobs/{id}/enable
ENABLE_JOB = Operation(
    name="enable_job",
    api="JobServiceApi",
    operation_id="EnableJob",
    method="POST",
    path="/apis/v1beta1/jobs/{id}/enable",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the job to be enabled"),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Restarts a job that was previously stopped. All runs associated with the job will continue.",
)

#: GET /apis/v1beta1/jobs/{id}
GET_JOB = Operation(
    name="get_job",
    api="JobServiceApi",
    operation_id="GetJob",
    method="GET",
    path="/apis/v1beta1/jobs/{id}",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the job to be retrieved"),
    ),
    response_type="ApiJob",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds a specific job by ID.",
)

#: GET /apis/v1beta1/jobs
LIST_JOBS = Operation(
    name="list_jobs",
    api="JobServiceApi",
    operation_id="ListJobs",
    method="GET",
    path="/apis/v1beta1/jobs",
    params=(
        Param(name="page_token", wire="page_token", location="query", type="str", doc="A page token to request the next page of results. The token is acquried\nfrom the nextPageToken field of the response from the previous\nListJobs call or can be omitted when fetching the first page."),
        Param(name="page_size", wire="page_size", location="query", type="int", doc="The number of jobs to be listed per page. If there are more jobs than this\nnumber, the response message will contain a nextPageToken field you can use\nto fetch the next page."),
        Param(name="sort_by", wire="sort_by", location="query", type="str", doc="Can be format of \"field_name\", \"field_name asc\" or \"field_name desc\".\nAscending by default."),
        Param(name="resource_reference_key_type", wire="resource_reference_key.type", location="query", type="str", enum=("UNKNOWN_RESOURCE_TYPE", "EXPERIMENT", "JOB", "PIPELINE", "PIPELINE_VERSION", "NAMESPACE"), doc="The type of the resource that referred to."),
        Param(name="resource_reference_key_id", wire="resource_reference_key.id", location="query", type="str", doc="The ID of the resource that referred to."),
        Param(name="filter", wire="filter", location="query", type="str", doc="A url-encoded, JSON-serialized Filter protocol buffer (see\n[filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto))."),
    ),
    response_type="ApiListJobsResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds all jobs.",
)

#: The operations of :class:`JobServiceApi`, keyed by method name.
OPERATIONS: Dict[str, Operation] = {
    "create_job": CREATE_JOB,
    "delete_job": DELETE_JOB,
    "disable_job": DISABLE_JOB,
    "enable_job": ENABLE_JOB,
    "get_job": GET_JOB,
    "list_jobs": LIST_JOBS,
}


class JobServiceApi(BaseApi):
    """The ``JobService`` operations (``JobServiceApi(api_client=None)``; a default
    :class:`~kfp_server_api.api_client.ApiClient` is created when none is given)."""

    def create_job(self, body: ApiJob = REQUIRED, **kwargs: Any) -> ApiJob:
        """Creates a new job.

        :param body: The job to be created (required)
        :type body: ApiJob
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiJob
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(CREATE_JOB, {"body": body}, kwargs)

    def create_job_with_http_info(self, body: ApiJob = REQUIRED, **kwargs: Any) -> Tuple[ApiJob, int, Dict[str, str]]:
        """Like :meth:`create_job`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(CREATE_JOB, {"body": body}, kwargs, http_info=True)

    def delete_job(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Deletes a job.

        :param id: The ID of the job to be deleted (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(DELETE_JOB, {"id": id}, kwargs)

    def delete_job_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`delete_job`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(DELETE_JOB, {"id": id}, kwargs, http_info=True)

    def disable_job(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Stops a job and all its associated runs. The job is not deleted.

        :param id: The ID of the job to be disabled (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(DISABLE_JOB, {"id": id}, kwargs)

    def disable_job_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`disable_job`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(DISABLE_JOB, {"id": id}, kwargs, http_info=True)

    def enable_job(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Restarts a job that was previously stopped. All runs associated with the job will continue.

        :param id: The ID of the job to be enabled (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(ENABLE_JOB, {"id": id}, kwargs)

    def enable_job_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`enable_job`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(ENABLE_JOB, {"id": id}, kwargs, http_info=True)

    def get_job(self, id: str = REQUIRED, **kwargs: Any) -> ApiJob:
        """Finds a specific job by ID.

        :param id: The ID of the job to be retrieved (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiJob
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_JOB, {"id": id}, kwargs)

    def get_job_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[ApiJob, int, Dict[str, str]]:
        """Like :meth:`get_job`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_JOB, {"id": id}, kwargs, http_info=True)

    def list_jobs(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> ApiListJobsResponse:
        """Finds all jobs.

        :param page_token: A page token to request the next page of results. The token is acquried from the nextPageToken field of the response from the previous ListJobs call or can be omitted when fetching the first page. (optional)
        :type page_token: str
        :param page_size: The number of jobs to be listed per page. If there are more jobs than this number, the response message will contain a nextPageToken field you can use to fetch the next page. (optional)
        :type page_size: int
        :param sort_by: Can be format of "field_name", "field_name asc" or "field_name desc". Ascending by default. (optional)
        :type sort_by: str
        :param resource_reference_key_type: The type of the resource that referred to. (optional; one of UNKNOWN_RESOURCE_TYPE, EXPERIMENT, JOB, PIPELINE, PIPELINE_VERSION, NAMESPACE; sent as ``resource_reference_key.type``)
        :type resource_reference_key_type: str
        :param resource_reference_key_id: The ID of the resource that referred to. (optional; sent as ``resource_reference_key.id``)
        :type resource_reference_key_id: str
        :param filter: A url-encoded, JSON-serialized Filter protocol buffer (see [filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto)). (optional; an ``ApiFilter`` is sent as its JSON)
        :type filter: str or ApiFilter
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiListJobsResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(LIST_JOBS, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id, "filter": filter}, kwargs)

    def list_jobs_with_http_info(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> Tuple[ApiListJobsResponse, int, Dict[str, str]]:
        """Like :meth:`list_jobs`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(LIST_JOBS, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id, "filter": filter}, kwargs, http_info=True)
