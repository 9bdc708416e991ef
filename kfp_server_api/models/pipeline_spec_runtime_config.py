# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""PipelineSpecRuntimeConfig: the ``PipelineSpecRuntimeConfig`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, Optional

__all__ = ["PipelineSpecRuntimeConfig"]


class PipelineSpecRuntimeConfig(Model):
    """The runtime config of a PipelineSpec.

    :ivar parameters: The runtime parameters of the PipelineSpec. The parameters will be used to replace the placeholders at runtime. (dict(str, object))
    :ivar pipeline_root: A path in a object store bucket which will be treated as the root output directory of the pipeline. It is used by the system to generate the paths of output artifacts. Ref:(https://www.kubeflow.org/docs/components/pipelines/pipeline-root/) (str)
    """

    __slots__ = ("parameters", "pipeline_root")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    parameters: Optional[Dict[str, Any]]
    pipeline_root: Optional[str]

    openapi_types = {
        "parameters": "dict(str, object)",
        "pipeline_root": "str",
    }
    attribute_map = {
        "parameters": "parameters",
        "pipeline_root": "pipeline_root",
    }
    _wire_types = {
        "parameters": "map:object",
        "pipeline_root": "str",
    }

    def __init__(
        self,
        parameters: Optional[Dict[str, Any]] = None,
        pipeline_root: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``PipelineSpecRuntimeConfig``; every field is optional (see the class docstring)."""
        self._init((parameters, pipeline_root), kwargs)
