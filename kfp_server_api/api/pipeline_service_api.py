# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""PipelineServiceApi: the ``PipelineService`` operations of the API contract.

Each operation is described by a module-level :class:`~kfp_server_api.operation.Operation`;
the methods of :class:`PipelineServiceApi` hand it to ``ApiClient.call_operation``, which owns the
request path (auth, serialization, errors).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from kfp_server_api.operation import REQUIRED, BaseApi, Operation, Param

if TYPE_CHECKING:  # annotations only: importing an API class must not import the models
    from typing import Optional, Tuple, Union

    from kfp_server_api.models.api_filter import ApiFilter
    from kfp_server_api.models.api_get_template_response import ApiGetTemplateResponse
    from kfp_server_api.models.api_list_pipeline_versions_response import ApiListPipelineVersionsResponse
    from kfp_server_api.models.api_list_pipelines_response import ApiListPipelinesResponse
    from kfp_server_api.models.api_pipeline import ApiPipeline
    from kfp_server_api.models.api_pipeline_version import ApiPipelineVersion

__all__ = ["PipelineServiceApi", "OPERATIONS"]

#: POST /apis/v1beta1/pipelines
CREATE_PIPELINE = Operation(
    name="create_pipeline",
    api="PipelineServiceApi",
    operation_id="CreatePipelineV1",
    method="POST",
    path="/apis/v1beta1/pipelines",
    params=(
        Param(name="body", wire="body", location="body", type="ApiPipeline", required=True),
    ),
    response_type="ApiPipeline",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Creates a pipeline.",
)

#: POST /apis/v1beta1/pipeline_versions
CREATE_PIPELINE_VERSION = Operation(
    name="create_pipeline_version",
    api="PipelineServiceApi",
    operation_id="CreatePipelineVersionV1",
    method="POST",
    path="/apis/v1beta1/pipeline_versions",
    params=(
        Param(name="body", wire="body", location="body", type="ApiPipelineVersion", required=True, doc="ResourceReference inside PipelineVersion specifies the pipeline that this\nversion belongs to."),
    ),
    response_type="ApiPipelineVersion",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Adds a pipeline version to the specified pipeline.",
)

#: DELETE /apis/v1beta1/pipelines/{id}
DELETE_PIPELINE = Operation(
    name="delete_pipeline",
    api="PipelineServiceApi",
    operation_id="DeletePipelineV1",
    method="DELETE",
    path="/apis/v1beta1/pipelines/{id}",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the pipeline to be deleted."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Deletes a pipeline and its pipeline versions.",
)

#: DELETE /apis/v1beta1/pipeline_versions/{version_id}
DELETE_PIPELINE_VERSION = Operation(
    name="delete_pipeline_version",
    api="PipelineServiceApi",
    operation_id="DeletePipelineVersionV1",
    method="DELETE",
    path="/apis/v1beta1/pipeline_versions/{version_id}",
    params=(
        Param(name="version_id", wire="version_id", location="path", type="str", required=True, doc="The ID of the pipeline version to be deleted."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Deletes a pipeline version by pipeline version ID. If the deleted pipeline version is the default pipeline version, the pipeline's default version changes to the pipeline's most recent pipeline version. If there are no remaining pipeline versions, the pipeline will have no default version. Examines the run_service_api.ipynb notebook to learn more about creating a run using a pipeline version (https://github.com/kubeflow/pipelines/blob/master/tools/benchmarks/run_service_api.ipynb).",
)

#: GET /apis/v1beta1/pipelines/{id}
GET_PIPELINE = Operation(
    name="get_pipeline",
    api="PipelineServiceApi",
    operation_id="GetPipelineV1",
    method="GET",
    path="/apis/v1beta1/pipelines/{id}",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the pipeline to be retrieved."),
    ),
    response_type="ApiPipeline",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds a specific pipeline by ID.",
)

#: GET /apis/v1beta1/namespaces/{namespace}/pipelines/{name}
GET_PIPELINE_BY_NAME = Operation(
    name="get_pipeline_by_name",
    api="PipelineServiceApi",
    operation_id="GetPipelineByNameV1",
    method="GET",
    path="/apis/v1beta1/namespaces/{namespace}/pipelines/{name}",
    params=(
        Param(name="namespace", wire="namespace", location="path", type="str", required=True, doc="The Namespace the pipeline belongs to.\nIn the case of shared pipelines and KFPipeline standalone installation,\nthe pipeline name is the only needed field for unique resource lookup (namespace is not required).\nIn those case, please provide hyphen (dash character, \"-\")."),
        Param(name="name", wire="name", location="path", type="str", required=True, doc="The Name of the pipeline to be retrieved."),
    ),
    response_type="ApiPipeline",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds a pipeline by Name (and namespace)",
)

#: GET /apis/v1beta1/pipeline_versions/{version_id}
GET_PIPELINE_VERSION = Operation(
    name="get_pipeline_version",
    api="PipelineServiceApi",
    operation_id="GetPipelineVersionV1",
    method="GET",
    path="/apis/v1beta1/pipeline_versions/{version_id}",
    params=(
        Param(name="version_id", wire="version_id", location="path", type="str", required=True, doc="The ID of the pipeline version to be retrieved."),
    ),
    response_type="ApiPipelineVersion",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Gets a pipeline version by pipeline version ID.",
)

#: GET /apis/v1beta1/pipeline_versions/{version_id}/templates
GET_PIPELINE_VERSION_TEMPLATE = Operation(
    name="get_pipeline_version_template",
    api="PipelineServiceApi",
    operation_id="GetPipelineVersionTemplate",
    method="GET",
    path="/apis/v1beta1/pipeline_versions/{version_id}/templates",
    params=(
        Param(name="version_id", wire="version_id", location="path", type="str", required=True, doc="The ID of the pipeline version whose template is to be retrieved."),
    ),
    response_type="ApiGetTemplateResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Returns a YAML template that contains the specified pipeline version's description, parameters and metadata.",
)

#: GET /apis/v1beta1/pipelines/{id}/templates
GET_TEMPLATE = Operation(
    name="get_template",
    api="PipelineServiceApi",
    operation_id="GetTemplate",
    method="GET",
    path="/apis/v1beta1/pipelines/{id}/templates",
    params=(
        Param(name="id", wire="id", location="path", type="str", required=True, doc="The ID of the pipeline whose template is to be retrieved."),
    ),
    response_type="ApiGetTemplateResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Returns a single YAML template that contains the description, parameters, and metadata associated with the pipeline provided.",
)

#: GET /apis/v1beta1/pipeline_versions
LIST_PIPELINE_VERSIONS = Operation(
    name="list_pipeline_versions",
    api="PipelineServiceApi",
    operation_id="ListPipelineVersionsV1",
    method="GET",
    path="/apis/v1beta1/pipeline_versions",
    params=(
        Param(name="resource_key_type", wire="resource_key.type", location="query", type="str", enum=("UNKNOWN_RESOURCE_TYPE", "EXPERIMENT", "JOB", "PIPELINE", "PIPELINE_VERSION", "NAMESPACE"), doc="The type of the resource that referred to."),
        Param(name="resource_key_id", wire="resource_key.id", location="query", type="str", doc="The ID of the resource that referred to."),
        Param(name="page_size", wire="page_size", location="query", type="int", doc="The number of pipeline versions to be listed per page. If there are more\npipeline versions than this number, the response message will contain a\nnextPageToken field you can use to fetch the next page."),
        Param(name="page_token", wire="page_token", location="query", type="str", doc="A page token to request the next page of results. The token is acquried\nfrom the nextPageToken field of the response from the previous\nListPipelineVersions call or can be omitted when fetching the first page."),
        Param(name="sort_by", wire="sort_by", location="query", type="str", doc="Can be format of \"field_name\", \"field_name asc\" or \"field_name desc\"\nAscending by default."),
        Param(name="filter", wire="filter", location="query", type="str", doc="A base-64 encoded, JSON-serialized Filter protocol buffer (see\nfilter.proto)."),
    ),
    response_type="ApiListPipelineVersionsResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Lists all pipeline versions of a given pipeline.",
)

#: GET /apis/v1beta1/pipelines
LIST_PIPELINES = Operation(
    name="list_pipelines",
    api="PipelineServiceApi",
    operation_id="ListPipelinesV1",
    method="GET",
    path="/apis/v1beta1/pipelines",
    params=(
        Param(name="page_token", wire="page_token", location="query", type="str", doc="A page token to request the next page of results. The token is acquried\nfrom the nextPageToken field of the response from the previous\nListPipelines call."),
        Param(name="page_size", wire="page_size", location="query", type="int", doc="The number of pipelines to be listed per page. If there are more pipelines\nthan this number, the response message will contain a valid value in the\nnextPageToken field."),
        Param(name="sort_by", wire="sort_by", location="query", type="str", doc="Can be format of \"field_name\", \"field_name asc\" or \"field_name desc\"\nAscending by default."),
        Param(name="filter", wire="filter", location="query", type="str", doc="A url-encoded, JSON-serialized Filter protocol buffer (see\n[filter.proto](https://github.com/kubeflow/pipelines/blob/master/backend/api/v1beta1/filter.proto))."),
        Param(name="resource_reference_key_type", wire="resource_reference_key.type", location="query", type="str", enum=("UNKNOWN_RESOURCE_TYPE", "EXPERIMENT", "JOB", "PIPELINE", "PIPELINE_VERSION", "NAMESPACE"), doc="The type of the resource that referred to."),
        Param(name="resource_reference_key_id", wire="resource_reference_key.id", location="query", type="str", doc="The ID of the resource that referred to."),
    ),
    response_type="ApiListPipelinesResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Finds all pipelines.",
)

#: POST /apis/v1beta1/pipelines/{pipeline_id}/default_version/{version_id}
UPDATE_PIPELINE_DEFAULT_VERSION = Operation(
    name="update_pipeline_default_version",
    api="PipelineServiceApi",
    operation_id="UpdatePipelineDefaultVersionV1",
    method="POST",
    path="/apis/v1beta1/pipelines/{pipeline_id}/default_version/{version_id}",
    params=(
        Param(name="pipeline_id", wire="pipeline_id", location="path", type="str", required=True, doc="The ID of the pipeline to be updated."),
        Param(name="version_id", wire="version_id", location="path", type="str", required=True, doc="The ID of the default version."),
    ),
    response_type="object",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="Update the default pipeline version of a specific pipeline.",
)

#: The operations of :class:`PipelineServiceApi`, keyed by method name.
OPERATIONS: Dict[str, Operation] = {
    "create_pipeline": CREATE_PIPELINE,
    "create_pipeline_version": CREATE_PIPELINE_VERSION,
    "delete_pipeline": DELETE_PIPELINE,
    "delete_pipeline_version": DELETE_PIPELINE_VERSION,
    "get_pipeline": GET_PIPELINE,
    "get_pipeline_by_name": GET_PIPELINE_BY_NAME,
    "get_pipeline_version": GET_PIPELINE_VERSION,
    "get_pipeline_version_template": GET_PIPELINE_VERSION_TEMPLATE,
    "get_template": GET_TEMPLATE,
    "list_pipeline_versions": LIST_PIPELINE_VERSIONS,
    "list_pipelines": LIST_PIPELINES,
    "update_pipeline_default_version": UPDATE_PIPELINE_DEFAULT_VERSION,
}


class PipelineServiceApi(BaseApi):
    """The ``PipelineService`` operations (``PipelineServiceApi(api_client=None)``; a default
    :class:`~kfp_server_api.api_client.ApiClient` is created when none is given)."""

    def create_pipeline(self, body: ApiPipeline = REQUIRED, **kwargs: Any) -> ApiPipeline:
        """Creates a pipeline.

        :param body: (no description) (required)
        :type body: ApiPipeline
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiPipeline
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(CREATE_PIPELINE, {"body": body}, kwargs)

    def create_pipeline_with_http_info(self, body: ApiPipeline = REQUIRED, **kwargs: Any) -> Tuple[ApiPipeline, int, Dict[str, str]]:
        """Like :meth:`create_pipeline`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(CREATE_PIPELINE, {"body": body}, kwargs, http_info=True)

    def create_pipeline_version(self, body: ApiPipelineVersion = REQUIRED, **kwargs: Any) -> ApiPipelineVersion:
        """Adds a pipeline version to the specified pipeline.

        :param body: ResourceReference inside PipelineVersion specifies the pipeline that this version belongs to. (required)
        :type body: ApiPipelineVersion
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiPipelineVersion
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(CREATE_PIPELINE_VERSION, {"body": body}, kwargs)

    def create_pipeline_version_with_http_info(self, body: ApiPipelineVersion = REQUIRED, **kwargs: Any) -> Tuple[ApiPipelineVersion, int, Dict[str, str]]:
        """Like :meth:`create_pipeline_version`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(CREATE_PIPELINE_VERSION, {"body": body}, kwargs, http_info=True)

    def delete_pipeline(self, id: str = REQUIRED, **kwargs: Any) -> Any:
        """Deletes a pipeline and its pipeline versions.

        :param id: The ID of the pipeline to be deleted. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(DELETE_PIPELINE, {"id": id}, kwargs)

    def delete_pipeline_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`delete_pipeline`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(DELETE_PIPELINE, {"id": id}, kwargs, http_info=True)

    def delete_pipeline_version(self, version_id: str = REQUIRED, **kwargs: Any) -> Any:
        """Deletes a pipeline version by pipeline version ID. If the deleted pipeline
        version is the default pipeline version, the pipeline's default version
        changes to the pipeline's most recent pipeline version. If there are no
        remaining pipeline versions, the pipeline will have no default version.
        Examines the run_service_api.ipynb notebook to learn more about creating a
        run using a pipeline version (https://github.com/kubeflow/pipelines/blob/master/tools/benchmarks/run_service_api.ipynb).

        :param version_id: The ID of the pipeline version to be deleted. (required)
        :type version_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(DELETE_PIPELINE_VERSION, {"version_id": version_id}, kwargs)

    def delete_pipeline_version_with_http_info(self, version_id: str = REQUIRED, **kwargs: Any) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`delete_pipeline_version`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(DELETE_PIPELINE_VERSION, {"version_id": version_id}, kwargs, http_info=True)

    def get_pipeline(self, id: str = REQUIRED, **kwargs: Any) -> ApiPipeline:
        """Finds a specific pipeline by ID.

        :param id: The ID of the pipeline to be retrieved. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiPipeline
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_PIPELINE, {"id": id}, kwargs)

    def get_pipeline_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[ApiPipeline, int, Dict[str, str]]:
        """Like :meth:`get_pipeline`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_PIPELINE, {"id": id}, kwargs, http_info=True)

    def get_pipeline_by_name(self, namespace: str = REQUIRED, name: str = REQUIRED, **kwargs: Any) -> ApiPipeline:
        """Finds a pipeline by Name (and namespace)

        :param namespace: The Namespace the pipeline belongs to. In the case of shared pipelines and KFPipeline standalone installation, the pipeline name is the only needed field for unique resource lookup (namespace is not required). In those case, please provide hyphen (dash character, "-"). (required)
        :type namespace: str
        :param name: The Name of the pipeline to be retrieved. (required)
        :type name: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiPipeline
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_PIPELINE_BY_NAME, {"namespace": namespace, "name": name}, kwargs)

    def get_pipeline_by_name_with_http_info(self, namespace: str = REQUIRED, name: str = REQUIRED, **kwargs: Any) -> Tuple[ApiPipeline, int, Dict[str, str]]:
        """Like :meth:`get_pipeline_by_name`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_PIPELINE_BY_NAME, {"namespace": namespace, "name": name}, kwargs, http_info=True)

    def get_pipeline_version(self, version_id: str = REQUIRED, **kwargs: Any) -> ApiPipelineVersion:
        """Gets a pipeline version by pipeline version ID.

        :param version_id: The ID of the pipeline version to be retrieved. (required)
        :type version_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiPipelineVersion
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_PIPELINE_VERSION, {"version_id": version_id}, kwargs)

    def get_pipeline_version_with_http_info(self, version_id: str = REQUIRED, **kwargs: Any) -> Tuple[ApiPipelineVersion, int, Dict[str, str]]:
        """Like :meth:`get_pipeline_version`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_PIPELINE_VERSION, {"version_id": version_id}, kwargs, http_info=True)

    def get_pipeline_version_template(self, version_id: str = REQUIRED, **kwargs: Any) -> ApiGetTemplateResponse:
        """Returns a YAML template that contains the specified pipeline version's description, parameters and metadata.

        :param version_id: The ID of the pipeline version whose template is to be retrieved. (required)
        :type version_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiGetTemplateResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_PIPELINE_VERSION_TEMPLATE, {"version_id": version_id}, kwargs)

    def get_pipeline_version_template_with_http_info(self, version_id: str = REQUIRED, **kwargs: Any) -> Tuple[ApiGetTemplateResponse, int, Dict[str, str]]:
        """Like :meth:`get_pipeline_version_template`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_PIPELINE_VERSION_TEMPLATE, {"version_id": version_id}, kwargs, http_info=True)

    def get_template(self, id: str = REQUIRED, **kwargs: Any) -> ApiGetTemplateResponse:
        """Returns a single YAML template that contains the description, parameters, and metadata associated with the pipeline provided.

        :param id: The ID of the pipeline whose template is to be retrieved. (required)
        :type id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiGetTemplateResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_TEMPLATE, {"id": id}, kwargs)

    def get_template_with_http_info(self, id: str = REQUIRED, **kwargs: Any) -> Tuple[ApiGetTemplateResponse, int, Dict[str, str]]:
        """Like :meth:`get_template`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_TEMPLATE, {"id": id}, kwargs, http_info=True)

    def list_pipeline_versions(
        self,
        *,
        resource_key_type: Optional[str] = None,
        resource_key_id: Optional[str] = None,
        page_size: Optional[int] = None,
        page_token: Optional[str] = None,
        sort_by: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> ApiListPipelineVersionsResponse:
        """Lists all pipeline versions of a given pipeline.

        :param resource_key_type: The type of the resource that referred to. (optional; one of UNKNOWN_RESOURCE_TYPE, EXPERIMENT, JOB, PIPELINE, PIPELINE_VERSION, NAMESPACE; sent as ``resource_key.type``)
        :type resource_key_type: str
        :param resource_key_id: The ID of the resource that referred to. (optional; sent as ``resource_key.id``)
        :type resource_key_id: str
        :param page_size: The number of pipeline versions to be listed per page. If there are more pipeline versions than this number, the response message will contain a nextPageToken field you can use to fetch the next page. (optional)
        :type page_size: int
        :param page_token: A page token to request the next page of results. The token is acquried from the nextPageToken field of the response from the previous ListPipelineVersions call or can be omitted when fetching the first page. (optional)
        :type page_token: str
        :param sort_by: Can be format of "field_name", "field_name asc" or "field_name desc" Ascending by default. (optional)
        :type sort_by: str
        :param filter: A base-64 encoded, JSON-serialized Filter protocol buffer (see filter.proto). (optional; an ``ApiFilter`` is sent as its JSON)
        :type filter: str or ApiFilter
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiListPipelineVersionsResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(LIST_PIPELINE_VERSIONS, {"resource_key_type": resource_key_type, "resource_key_id": resource_key_id, "page_size": page_size, "page_token": page_token, "sort_by": sort_by, "filter": filter}, kwargs)

    def list_pipeline_versions_with_http_info(
        self,
        *,
        resource_key_type: Optional[str] = None,
        resource_key_id: Optional[str] = None,
        page_size: Optional[int] = None,
        page_token: Optional[str] = None,
        sort_by: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        **kwargs: Any,
    ) -> Tuple[ApiListPipelineVersionsResponse, int, Dict[str, str]]:
        """Like :meth:`list_pipeline_versions`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(LIST_PIPELINE_VERSIONS, {"resource_key_type": resource_key_type, "resource_key_id": resource_key_id, "page_size": page_size, "page_token": page_token, "sort_by": sort_by, "filter": filter}, kwargs, http_info=True)

    def list_pipelines(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        **kwargs: Any,
    ) -> ApiListPipelinesResponse:
        """Finds all pipelines.

        :param page_token: A page token to request the next page of results. The token is acquried from the nextPageToken field of the response from the previous ListPipelines call. (optional)
        :type page_token: str
        :param page_size: The number of pipelines to be listed per page. If there are more pipelines than this number, the response message will contain a valid value in the nextPageToken field. (optional)
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
        :return: ApiListPipelinesResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(LIST_PIPELINES, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "filter": filter, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id}, kwargs)

    def list_pipelines_with_http_info(
        self,
        *,
        page_token: Optional[str] = None,
        page_size: Optional[int] = None,
        sort_by: Optional[str] = None,
        filter: Union[str, ApiFilter, None] = None,
        resource_reference_key_type: Optional[str] = None,
        resource_reference_key_id: Optional[str] = None,
        **kwargs: Any,
    ) -> Tuple[ApiListPipelinesResponse, int, Dict[str, str]]:
        """Like :meth:`list_pipelines`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(LIST_PIPELINES, {"page_token": page_token, "page_size": page_size, "sort_by": sort_by, "filter": filter, "resource_reference_key_type": resource_reference_key_type, "resource_reference_key_id": resource_reference_key_id}, kwargs, http_info=True)

    def update_pipeline_default_version(
        self,
        pipeline_id: str = REQUIRED,
        version_id: str = REQUIRED,
        **kwargs: Any,
    ) -> Any:
        """Update the default pipeline version of a specific pipeline.

        :param pipeline_id: The ID of the pipeline to be updated. (required)
        :type pipeline_id: str
        :param version_id: The ID of the default version. (required)
        :type version_id: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: the JSON body (``{}``)
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(UPDATE_PIPELINE_DEFAULT_VERSION, {"pipeline_id": pipeline_id, "version_id": version_id}, kwargs)

    def update_pipeline_default_version_with_http_info(
        self,
        pipeline_id: str = REQUIRED,
        version_id: str = REQUIRED,
        **kwargs: Any,
    ) -> Tuple[Any, int, Dict[str, str]]:
        """Like :meth:`update_pipeline_default_version`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(UPDATE_PIPELINE_DEFAULT_VERSION, {"pipeline_id": pipeline_id, "version_id": version_id}, kwargs, http_info=True)
