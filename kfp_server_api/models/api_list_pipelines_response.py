# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiListPipelinesResponse: the ``apiListPipelinesResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_pipeline import ApiPipeline

__all__ = ["ApiListPipelinesResponse"]


class ApiListPipelinesResponse(Model):
    """The ``apiListPipelinesResponse`` message.

    :ivar pipelines: (no description in the spec) (list[ApiPipeline])
    :ivar total_size: The total number of pipelines for the given query. (int)
    :ivar next_page_token: The token to list the next page of pipelines. (str)
    """

    __slots__ = ("pipelines", "total_size", "next_page_token")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    pipelines: Optional[List[ApiPipeline]]
    total_size: Optional[int]
    next_page_token: Optional[str]

    openapi_types = {
        "pipelines": "list[ApiPipeline]",
        "total_size": "int",
        "next_page_token": "str",
    }
    attribute_map = {
        "pipelines": "pipelines",
        "total_size": "total_size",
        "next_page_token": "next_page_token",
    }
    _wire_types = {
        "pipelines": "list:model:ApiPipeline",
        "total_size": "int32",
        "next_page_token": "str",
    }
    _items_field = "pipelines"

    def __init__(
        self,
        pipelines: Optional[Sequence[Union[ApiPipeline, Dict[str, Any]]]] = None,
        total_size: Optional[int] = None,
        next_page_token: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiListPipelinesResponse``; every field is optional (see the class docstring)."""
        self._init((pipelines, total_size, next_page_token), kwargs)
