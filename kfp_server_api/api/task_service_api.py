# generated from spec/task_v1alpha1.swagger.json by codegen/generate.py; do not edit
"""TaskServiceApi: the ``TaskService`` operations of the API contract.

Each operation is described by a module-level :class:`~kfp_server_api.operation.Operation`;
the methods of :class:`TaskServiceApi` hand it to ``ApiClient.call_operation``, which owns the
request path (auth, serialization, errors).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from kfp_server_api.operation import REQUIRED, BaseApi, Operation, Param

if TYPE_CHECKING:  # annotations only: importing an API class must not import the models
    from typing import Optional, Tuple, Union

    from kfp_server_api.models.api_filter import ApiFilter
    from kfp_server_api.models.api_list_tasks_response import ApiListTasksResponse
    from kfp_server_api.models.api_task import ApiTask

__all__ = ["TaskServiceApi", "OPERATIONS"]

#: POST /apis/v1alpha1/tasks
CREATE_TASK = Operation(
    name="create_task",
    api="TaskServiceApi",
    operation_id="CreateTaskV1",
    method="POST",
    path="/apis/v1alpha1/tasks",
    params=(
        Param(name="body", wire="body", location="body", type="ApiTask", required=True),
    ),
    response_type="ApiTask",
    consumes=("application/json",),
    produces=("application/json",),
    auth=(),
    idempotent=False,
    summary="Creates a new task.",
)

#: GET /apis/v1alpha1/tasks
LIST_TASKS = Operation(
    name="list_tasks",
    api="TaskServiceApi",
    operation_id="ListTasksV1",
    method="GET",
    path="/apis/v1alpha1/tasks",
    params=(
        Param(name="page_token", wire="page_token", location="query", type="str", doc="A page token to request the next page of results. The token is acquried\nfrom the nextPageToken field of the response from the previous\nListExperiment call or can be omitted when fetching the first page."),
        Param(name="page_size", wire="page_size", location="query", type="int", doc="The number of experiments to be listed per page. If there are more\nexperiments than this number, the response message will contain a\nnextPageToken field you can use to fetch the next page."),
        Param(name="sort_by", wire="sort_by", location="query", type="str", doc="Can be format of \"field_name\", \"field_name asc\" or \"field_name desc\"\nAscending by default."),
        Param(name="resource_reference_key_type", wire="resource_reference_key.type", location="query", type="str", enum=("UNKNOWN_RESOURCE_TYPE", "EXPERIMENT", "JOB", "PIPELINE", "PIPELINE_VERSION", "NAMESPACE"), doc="The type of the resource that referred to."),
        Param(name="resource_reference_key_id", wire="resource_reference_key.id", location="query", type="str", doc="The ID of the resource that referred to."),
        Param(name="filter", wire="filter", location="query", type="str", doc="A url-encoded, JSON-serialized Filter protocol buffer (see\n[filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto))."),
    ),
    response_type="ApiListTasksResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=(),
    idempotent=True,
    summary="Finds all tasks. Supports pagination, and sorting on certain fields.",
)

#: The operations of :class:`TaskServiceApi`, keyed by method name.
OPERATIONS: Dict[str, Operation] = {
    "create_task": CREATE_TASK,
    "list_tasks": LIST_TASKS,
}


class TaskServiceApi(BaseApi):
    """The ``TaskService`` operations (``TaskServiceApi(api_client=None)``; a default
    :class:`~kfp_server_api.api_client.ApiClient` is created when none is given)."""

    def create_task(self, body: ApiTask = REQUIRED, **kwargs: Any) -> ApiTask:
        """Creates a new task.

        :param body: (no description) (required)
        :type body: ApiTask
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiTask
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(CREATE_TASK, {"body": body}, kwargs)

    def create_task_with_http_info(self, body: ApiTask = REQUIRED, **kwargs: Any) -> Tuple[ApiTask, int, Dict[str, str]]:
        """Like :meth:`create_task`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(CREATE_TASK, {"body": body}, kwargs, http_info=True)

    def list_tasks(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> ApiListTasksResponse:
        """Finds all tasks. Supports pagination, and sorting on certain fields.

        :param page_token: A page token to request the next page of results. The token is acquried from the nextPageToken field of the response from the previous ListExperiment call or can be omitted when fetching the first page. (optional)
        :type page_token: str
        :param page_size: The number of experiments to be listed per page. If there are more experiments than this number, the response message will contain a nextPageToken field you can use to fetch the next page. (optional)
        :type page_size: int
        :param sort_by: Can be format of "field_name", "field_name asc" or "field_name desc" Ascending by default. (optional)
        :type sort_by: str
        :param resource_reference_key_type: The type of the resource that referred to. (optional; one of UNKNOWN_RESOURCE_TYPE, EXPERIMENT, JOB, PIPELINE, PIPELINE_VERSION, NAMESPACE; sent as ``resource_reference_key.type``)
        :type resource_reference_key_type: str
        :param resource_reference_key_id: The ID of the resource that referred to. (optional; sent as ``resource_reference_key.id``)
        :type resource_reference_key_id: str
        :param filter: A url-encoded, JSON-serialized Filter protocol buffer (see [filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto)). (optional; an ``ApiFilter`` is sent as its JSON)
        :type filter: str or ApiFilter
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiListTasksResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(LIST_TASKS, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id, "filter": filter}, kwargs)

    def list_tasks_with_http_info(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> Tuple[ApiListTasksResponse, int, Dict[str, str]]:
        """Like :meth:`list_tasks`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(LIST_TASKS, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id, "filter": filter}, kwargs, http_info=True)
