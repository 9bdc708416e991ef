# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ExperimentServiceApi: the ``ExperimentService`` operations of the API contract.

Each operation is described by a module-level :class:`~kfp_server_api.operation.Operation`;
the methods of :class:`ExperimentServiceApi` hand it to ``ApiClient.call_operation``, which owns the
request path (auth, serialization, errors).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from kfp_server_api.operation import REQUIRED, BaseApi, Operation, Param

if TYPE_CHECKING:  # annotations only: importing an API class must not import the models
    from typing import Optional, Tuple, Union

    from kfp_server_api.models.api_experiment import ApiExperiment
    from kfp_server_api.models.api_filter import ApiFilter
    from kfp_server_api.models.api_list_experiments_response import ApiListExperimentsResponse

__all__ = ["ExperimentServiceApi", "OPERATIONS"]

#: POST /apis/v1beta1/experiments/{id}:archive
ARCHIVE_EXPERIMENT = Operation(
    name="archive_experiment",
    api="ExperimentServiceApi",
    operation_id="ArchiveExperimentV1",
    method="POST",
    path="/apis/v1beta1/experiments/{id}:archive",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the experiment to be archived."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Archives an experiment and the experiment's runs and jobs.",
)

#: POST /apis/v1beta1/experiments
CREATE_EXPERIMENT = Operation(
    name="create_experiment",
    api="ExperimentServiceApi",
    operation_id="CreateExperimentV1",
    method="POST",
    path="/apis/v1beta1/experiments",
    params=(
        Param(name="body", wire="body", location="body", type="ApiExperiment", required=True, doc="The experiment to be created."),
    ),
    response_type="ApiExperiment",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Creates a new experiment.",
)

#: DELETE /apis/v1beta1/experiments/{id}
DELETE_EXPERIMENT = Operation(
    name="delete_experiment",
    api="ExperimentServiceApi",
    operation_id="DeleteExperimentV1",
    method="DELETE",
    path="/apis/v1beta1/experiments/{id}",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the experiment to be deleted."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Deletes an experiment without deleting the experiment's runs and jobs. To avoid unexpected behaviors, delete an experiment's runs and jobs before deleting the experiment.",
)

#: GET /apis/v1beta1/experiments/{id}
GET_EXPERIMENT = Operation(
    name="get_experiment",
    api="ExperimentServiceApi",
    operation_id="GetExperimentV1",
    method="GET",
    path="/apis/v1beta1/experiments/{id}",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the experiment to be retrieved."),
    ),
    response_type="ApiExperiment",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds a specific experiment by ID.",
)

#: GET /apis/v1beta1/experiments
LIST_EXPERIMENT = Operation(
    name="list_experiment",
    api="ExperimentServiceApi",
    operation_id="ListExperimentsV1",
    method="GET",
    path="/apis/v1beta1/experiments",
    params=(
        Param(name="page_token", wire="page_token", location="query", type="str", doc="A page token to request the next page of results. The token is acquried\nfrom the nextPageToken field of the response from the previous\nListExperiment call or can be omitted when fetching the first page."),
        Param(name="page_size", wire="page_size", location="query", type="int", doc="The number of experiments to be listed per page. If there are more\nexperiments than this number, the response message will contain a\nnextPageToken field you can use to fetch the next page."),
        Param(name="sort_by", wire="sort_by", location="query", type="str", doc="Can be format of \"field_name\", \"field_name asc\" or \"field_name desc\"\nAscending by default."),
        Param(name="filter", wire="filter", location="query", type="str", doc="A url-encoded, JSON-serialized Filter protocol buffer (see\n[filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto))."),
        Param(name="resource_reference_key_type", wire="resource_reference_key.type", location="query", type="str", enum=("UNKNOWN_RESOURCE_TYPE", "EXPERIMENT", "JOB", "PIPELINE", "PIPELINE_VERSION", "NAMESPACE"), doc="The type of the resource that referred to."),
        Param(name="resource_reference_key_id", wire="resource_reference_key.id", location="query", type="str", doc="The ID of the resource that referred to."),
    ),
    response_type="ApiListExperimentsResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds all experiments. Supports pagination, and sorting on certain fields.",
)

#: POST /apis/v1beta1/experiments/{id}:unarchive
UNARCHIVE_EXPERIMENT = Operation(
    name="unarchive_experiment",
    api="ExperimentServiceApi",
    operation_id="UnarchiveExperimentV1",
    method="POST",
    path="/apis/v1beta1/experiments/{id}:unarchive",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the experiment to be restored."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Restores an archived experiment. The experiment's archived runs and jobs will stay archived.",
)

#: The operations of :class:`ExperimentServiceApi`, keyed by method name.
OPERATIONS: Dict[str, Operation] = {
    "archive_experiment": ARCHIVE_EXPERIMENT,
    "create_experiment": CREATE_EXPERIMENT,
    "delete_experiment": DELETE_EXPERIMENT,
    "get_experiment": GET_EXPERIMENT,
    "list_experiment": LIST_EXPERIMENT,
    "unarchive_experiment": UNARCHIVE_EXPERIMENT,
}


class ExperimentServiceApi(BaseApi):
    """The ``ExperimentService`` operations (``ExperimentServiceApi(api_client=None)``; a default
    :class:`~kfp_server_api.api_client.ApiClient` is created when none is given)."""

    def archive_experiment(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Archives an experiment and the experiment's runs and jobs.

        :param id: The ID of the experiment to be archived. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(ARCHIVE_EXPERIMENT, {"id": id}, kwargs)

    def archive_experiment_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`archive_experiment`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(ARCHIVE_EXPERIMENT, {"id": id}, kwargs, http_info=True)

    def create_experiment(self, body: ApiExperiment = REQUIRED, **kwargs: Any) -> ApiExperiment:
        """Creates a new experiment.

        :param body: The experiment to be created. (required)
        :type body: ApiExperiment
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiExperiment
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(CREATE_EXPERIMENT, {"body": body}, kwargs)

    def create_experiment_with_http_info(self, body: ApiExperiment = REQUIRED, **kwargs: Any) -> Tuple[ApiExperiment, int, Dict[str, str]]:
        """Like :meth:`create_experiment`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(CREATE_EXPERIMENT, {"body": body}, kwargs, http_info=True)

    def delete_experiment(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Deletes an experiment without deleting the experiment's runs and jobs. To
        avoid unexpected behaviors, delete an experiment's runs and jobs before
        deleting the experiment.

        :param id: The ID of the experiment to be deleted. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(DELETE_EXPERIMENT, {"id": id}, kwargs)

    def delete_experiment_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`delete_experiment`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(DELETE_EXPERIMENT, {"id": id}, kwargs, http_info=True)

    def get_experiment(self, id: str = REQUIRED, **kwargs: Any) -> ApiExperiment:
        """Finds a specific experiment by ID.

        :param id: The ID of the experiment to be retrieved. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiExperiment
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_EXPERIMENT, {"id": id}, kwargs)

    def get_experiment_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[ApiExperiment, int, Dict[str, str]]:
        """Like :meth:`get_experiment`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_EXPERIMENT, {"id": id}, kwargs, http_info=True)

    def list_experiment(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        **kwargs: Any,
    ) -> ApiListExperimentsResponse:
        """Finds all experiments. Supports pagination, and sorting on certain fields.

        :param page_token: A page token to request the next page of results. The token is acquried from the nextPageToken field of the response from the previous ListExperiment call or can be omitted when fetching the first page. (optional)
        :type page_token: str
        :param page_size: The number of experiments to be listed per page. If there are more experiments than this number, the response message will contain a nextPageToken field you can use to fetch the next page. (optional)
        :type page_size: int
        :param sort_by: Can be format of "field_name", "field_name asc" or "field_name desc" Ascending by default. (optional)
        :type sort_by: str
        :param filter: A url-encoded, JSON-serialized Filter protocol buffer (see [filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto)). (optional; an ``ApiFilter`` is sent as its JSON)
        :type filter: str or ApiFilter
        :param resource_reference_key_type: The type of the resource that referred to. (optional; one of UNKNOWN_RESOURCE_TYPE, EXPERIMENT, JOB, PIPELINE, PIPELINE_VERSION, NAMESPACE; sent as ``resource_reference_key.type``)
        :type resource_reference_key_type: str
        :param resource_reference_key_id: The ID of the resource that referred to. (optional; sent as ``resource_reference_key.id``)
        :type resource_reference_key_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiListExperimentsResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(LIST_EXPERIMENT, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "filter": filter, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id}, kwargs)

    def list_experiment_with_http_info(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        **kwargs: Any,
    ) -> Tuple[ApiListExperimentsResponse, int, Dict[str, str]]:
        """Like :meth:`list_experiment`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(LIST_EXPERIMENT, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "filter": filter, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id}, kwargs, http_info=True)

    def unarchive_experiment(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Restores an archived experiment. The experiment's archived runs and jobs
        will stay archived.

        :param id: The ID of the experiment to be restored. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(UNARCHIVE_EXPERIMENT, {"id": id}, kwargs)

    def unarchive_experiment_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`unarchive_experiment`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(UNARCHIVE_EXPERIMENT, {"id": id}, kwargs, http_info=True)
