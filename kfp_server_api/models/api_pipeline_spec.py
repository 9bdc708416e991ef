# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiPipelineSpec: the ``apiPipelineSpec`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_parameter import ApiParameter
    from kfp_server_api.models.pipeline_spec_runtime_config import PipelineSpecRuntimeConfig

__all__ = ["ApiPipelineSpec"]


class ApiPipelineSpec(Model):
    """The ``apiPipelineSpec`` message.

    :ivar pipeline_id: Optional input field. The ID of the pipeline user uploaded before. (str)
    :ivar pipeline_name: Optional output field. The name of the pipeline. Not empty if the pipeline id is not empty. (str)
    :ivar workflow_manifest: Optional input field. The marshalled raw argo JSON workflow. This will be deprecated when pipeline_manifest is in use. (str)
    :ivar pipeline_manifest: Optional input field. The raw pipeline JSON spec. (str)
    :ivar parameters: The parameter user provide to inject to the pipeline JSON. If a default value of a parameter exist in the JSON, the value user provided here will replace. V1 only (list[ApiParameter])
    :ivar runtime_config: Runtime config of the pipeline. V2 only (PipelineSpecRuntimeConfig)
    """

    __slots__ = ("pipeline_id", "pipeline_name", "workflow_manifest", "pipeline_manifest", "parameters", "runtime_config")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    pipeline_id: Optional[str]
    pipeline_name: Optional[str]
    workflow_manifest: Optional[str]
    pipeline_manifest: Optional[str]
    parameters: Optional[List[ApiParameter]]
    runtime_config: Optional[PipelineSpecRuntimeConfig]

    openapi_types = {
        "pipeline_id": "str",
        "pipeline_name": "str",
        "workflow_manifest": "str",
        "pipeline_manifest": "str",
        "parameters": "list[ApiParameter]",
        "runtime_config": "PipelineSpecRuntimeConfig",
    }
    attribute_map = {
        "pipeline_id": "pipeline_id",
        "pipeline_name": "pipeline_name",
        "workflow_manifest": "workflow_manifest",
        "pipeline_manifest": "pipeline_manifest",
        "parameters": "parameters",
        "runtime_config": "runtime_config",
    }
    _wire_types = {
        "pipeline_id": "str",
        "pipeline_name": "str",
        "workflow_manifest": "str",
        "pipeline_manifest": "str",
        "parameters": "list:model:ApiParameter",
        "runtime_config": "model:PipelineSpecRuntimeConfig",
    }

    def __init__(
        self,
        pipeline_id: Optional[str] = None,
        pipeline_name: Optional[str] = None,
        workflow_manifest: Optional[str] = None,
        pipeline_manifest: Optional[str] = None,
        parameters: Optional[Sequence[Union[ApiParameter, Dict[str, Any]]]] = None,
        runtime_config: Optional[Union[PipelineSpecRuntimeConfig, Dict[str, Any]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiPipelineSpec``; every field is optional (see the class docstring)."""
        self._init((pipeline_id, pipeline_name, workflow_manifest, pipeline_manifest, parameters, runtime_config), kwargs)
