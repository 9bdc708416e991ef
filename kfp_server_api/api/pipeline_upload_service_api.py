# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""PipelineUploadServiceApi: the ``PipelineUploadService`` operations of the API contract.

Each operation is described by a module-level :class:`~kfp_server_api.operation.Operation`;
the methods of :class:`PipelineUploadServiceApi` hand it to ``ApiClient.call_operation``, which owns the
request path (auth, serialization, errors).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from kfp_server_api.operation import REQUIRED, BaseApi, Operation, Param

if TYPE_CHECKING:  # annotations only: importing an API class must not import the models
    import os
    from typing import BinaryIO, Optional, Tuple, Union

    from kfp_server_api.models.api_pipeline import ApiPipeline
    from kfp_server_api.models.api_pipeline_version import ApiPipelineVersion

__all__ = ["PipelineUploadServiceApi", "OPERATIONS"]

#: POST /apis/v1beta1/pipelines/upload
UPLOAD_PIPELINE = Operation(
    name="upload_pipeline",
    api="PipelineUploadServiceApi",
    operation_id="UploadPipeline",
    method="POST",
    path="/apis/v1beta1/pipelines/upload",
    params=(
        Param(name="uploadfile", wire="uploadfile", location="form", type="file", required=True, doc="The pipeline to upload. Maximum size of 32MB is supported."),
        Param(name="name", wire="name", location="query", type="str"),
        Param(name="description", wire="description", location="query", type="str"),
        Param(name="namespace", wire="namespace", location="query", type="str"),
    ),
    response_type="ApiPipeline",
    consumes=("multipart/form-data",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="",
)

#: POST /apis/v1beta1/pipelines/upload_version
UPLOAD_PIPELINE_VERSION = Operation(
    name="upload_pipeline_version",
    api="PipelineUploadServiceApi",
    operation_id="UploadPipelineVersion",
    method="POST",
    path="/apis/v1beta1/pipelines/upload_version",
    params=(
        Param(name="uploadfile", wire="uploadfile", location="form", type="file", required=True, doc="The pipeline to upload. Maximum size of 32MB is supported."),
        Param(name="name", wire="name", location="query", type="str"),
        Param(name="pipelineid", wire="pipelineid", location="query", type="str"),
        Param(name="description", wire="description", location="query", type="str"),
        Param(name="namespace", wire="namespace", location="query", type="str"),
    ),
    response_type="ApiPipelineVersion",
    consumes=("multipart/form-data",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=False,
    summary="",
)

#: The operations of :class:`PipelineUploadServiceApi`, keyed by method name.
OPERATIONS: Dict[str, Operation] = {
    "upload_pipeline": UPLOAD_PIPELINE,
    "upload_pipeline_version": UPLOAD_PIPELINE_VERSION,
}


class PipelineUploadServiceApi(BaseApi):
    """The ``PipelineUploadService`` operations (``PipelineUploadServiceApi(api_client=None)``; a default
    :class:`~kfp_server_api.api_client.ApiClient` is created when none is given)."""

    def upload_pipeline(
        self,
        uploadfile: Union[str, os.PathLike[str], bytes, BinaryIO, Tuple[str, bytes]] = REQUIRED,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        namespace: Optional[str] = None,
        **kwargs: Any,
    ) -> ApiPipeline:
        """POST /apis/v1beta1/pipelines/upload

        :param uploadfile: The pipeline to upload. Maximum size of 32MB is supported. (required)
        :type uploadfile: Union[str, os.PathLike[str], bytes, BinaryIO, Tuple[str, bytes]]
        :param name: (no description) (optional)
        :type name: str
        :param description: (no description) (optional)
        :type description: str
        :param namespace: (no description) (optional)
        :type namespace: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiPipeline
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(UPLOAD_PIPELINE, {"uploadfile": uploadfile, "name": name, "description": description, "namespace": namespace}, kwargs)

    def upload_pipeline_with_http_info(
        self,
        uploadfile: Union[str, os.PathLike[str], bytes, BinaryIO, Tuple[str, bytes]] = REQUIRED,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        namespace: Optional[str] = None,
        **kwargs: Any,
    ) -> Tuple[ApiPipeline, int, Dict[str, str]]:
        """Like :meth:`upload_pipeline`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(UPLOAD_PIPELINE, {"uploadfile": uploadfile, "name": name, "description": description, "namespace": namespace}, kwargs, http_info=True)

    def upload_pipeline_version(
        self,
        uploadfile: Union[str, os.PathLike[str], bytes, BinaryIO, Tuple[str, bytes]] = REQUIRED,
        *,
        name: Optional[str] = None,
        pipelineid: Optional[str] = None,
        description: Optional[str] = None,
        namespace: Optional[str] = None,
        **kwargs: Any,
    ) -> ApiPipelineVersion:
        """POST /apis/v1beta1/pipelines/upload_version

        :param uploadfile: The pipeline to upload. Maximum size of 32MB is supported. (required)
        :type uploadfile: Union[str, os.PathLike[str], bytes, BinaryIO, Tuple[str, bytes]]
        :param name: (no description) (optional)
        :type name: str
        :param pipelineid: (no description) (optional)
        :type pipelineid: str
        :param description: (no description) (optional)
        :type description: str
        :param namespace: (no description) (optional)
        :type namespace: str
        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiPipelineVersion
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(UPLOAD_PIPELINE_VERSION, {"uploadfile": uploadfile, "name": name, "pipelineid": pipelineid, "description": description, "namespace": namespace}, kwargs)

    def upload_pipeline_version_with_http_info(
        self,
        uploadfile: Union[str, os.PathLike[str], bytes, BinaryIO, Tuple[str, bytes]] = REQUIRED,
        *,
        name: Optional[str] = None,
        pipelineid: Optional[str] = None,
        description: Optional[str] = None,
        namespace: Optional[str] = None,
        **kwargs: Any,
    ) -> Tuple[ApiPipelineVersion, int, Dict[str, str]]:
        """Like :meth:`upload_pipeline_version`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(UPLOAD_PIPELINE_VERSION, {"uploadfile": uploadfile, "name": name, "pipelineid": pipelineid, "description": description, "namespace": namespace}, kwargs, http_info=True)
