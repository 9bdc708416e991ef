# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiRunDetail: the ``apiRunDetail`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, Optional, Union

    from kfp_server_api.models.api_pipeline_runtime import ApiPipelineRuntime
    from kfp_server_api.models.api_run import ApiRun

__all__ = ["ApiRunDetail"]


class ApiRunDetail(Model):
    """The ``apiRunDetail`` message.

    :ivar run: (no description in the spec) (ApiRun)
    :ivar pipeline_runtime: (no description in the spec) (ApiPipelineRuntime)
    """

    __slots__ = ("run", "pipeline_runtime")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    run: Optional[ApiRun]
    pipeline_runtime: Optional[ApiPipelineRuntime]

    openapi_types = {
        "run": "ApiRun",
        "pipeline_runtime": "ApiPipelineRuntime",
    }
    attribute_map = {
        "run": "run",
        "pipeline_runtime": "pipeline_runtime",
    }
    _wire_types = {
        "run": "model:ApiRun",
        "pipeline_runtime": "model:ApiPipelineRuntime",
    }

    def __init__(
        self,
        run: Optional[Union[ApiRun, Dict[str, Any]]] = None,
        pipeline_runtime: Optional[Union[ApiPipelineRuntime, Dict[str, Any]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiRunDetail``; every field is optional (see the class docstring)."""
        self._init((run, pipeline_runtime), kwargs)
