# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiPipelineRuntime: the ``apiPipelineRuntime`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiPipelineRuntime"]


class ApiPipelineRuntime(Model):
    """The ``apiPipelineRuntime`` message.

    :ivar pipeline_manifest: Output. The runtime JSON manifest of the pipeline, including the status of pipeline steps and fields need for UI visualization etc. (str)
    :ivar workflow_manifest: Output. The runtime JSON manifest of the argo workflow. This is deprecated after pipeline_runtime_manifest is in use. (str)
    """

    __slots__ = ("pipeline_manifest", "workflow_manifest")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    pipeline_manifest: Optional[str]
    workflow_manifest: Optional[str]

    openapi_types = {
        "pipeline_manifest": "str",
        "workflow_manifest": "str",
    }
    attribute_map = {
        "pipeline_manifest": "pipeline_manifest",
        "workflow_manifest": "workflow_manifest",
    }
    _wire_types = {
        "pipeline_manifest": "str",
        "workflow_manifest": "str",
    }

    def __init__(
        self,
        pipeline_manifest: Optional[str] = None,
        workflow_manifest: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiPipelineRuntime``; every field is optional (see the class docstring)."""
        self._init((pipeline_manifest, workflow_manifest), kwargs)
