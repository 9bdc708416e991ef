# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiListRunsResponse: the ``apiListRunsResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_run import ApiRun

__all__ = ["ApiListRunsResponse"]


class ApiListRunsResponse(Model):
    """The ``apiListRunsResponse`` message.

    :ivar runs: (no description in the spec) (list[ApiRun])
    :ivar total_size: The total number of runs for the given query. (int)
    :ivar next_page_token: The token to list the next page of runs. (str)
    """

    __slots__ = ("runs", "total_size", "next_page_token")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    runs: Optional[List[ApiRun]]
    total_size: Optional[int]
    next_page_token: Optional[str]

    openapi_types = {
        "runs": "list[ApiRun]",
        "total_size": "int",
        "next_page_token": "str",
    }
    attribute_map = {
        "runs": "runs",
        "total_size": "total_size",
        "next_page_token": "next_page_token",
    }
    _wire_types = {
        "runs": "list:model:ApiRun",
        "total_size": "int32",
        "next_page_token": "str",
    }
    _items_field = "runs"

    def __init__(
        self,
        runs: Optional[Sequence[Union[ApiRun, Dict[str, Any]]]] = None,
        total_size: Optional[int] = None,
        next_page_token: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiListRunsResponse``; every field is optional (see the class docstring)."""
        self._init((runs, total_size, next_page_token), kwargs)
