# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiListPipelineVersionsResponse: the ``apiListPipelineVersionsResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_pipeline_version import ApiPipelineVersion

__all__ = ["ApiListPipelineVersionsResponse"]


class ApiListPipelineVersionsResponse(Model):
    """The ``apiListPipelineVersionsResponse`` message.

    :ivar versions: (no description in the spec) (list[ApiPipelineVersion])
    :ivar next_page_token: The token to list the next page of pipeline versions. (str)
    :ivar total_size: The total number of pipeline versions for the given query. (int)
    """

    __slots__ = ("versions", "next_page_token", "total_size")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    versions: Optional[List[ApiPipelineVersion]]
    next_page_token: Optional[str]
    total_size: Optional[int]

    openapi_types = {
        "versions": "list[ApiPipelineVersion]",
        "next_page_token": "str",
        "total_size": "int",
    }
    attribute_map = {
        "versions": "versions",
        "next_page_token": "next_page_token",
        "total_size": "total_size",
    }
    _wire_types = {
        "versions": "list:model:ApiPipelineVersion",
        "next_page_token": "str",
        "total_size": "int32",
    }
    _items_field = "versions"

    def __init__(
        self,
        versions: Optional[Sequence[Union[ApiPipelineVersion, Dict[str, Any]]]] = None,
        next_page_token: Optional[str] = None,
        total_size: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiListPipelineVersionsResponse``; every field is optional (see the class docstring)."""
        self._init((versions, next_page_token, total_size), kwargs)
