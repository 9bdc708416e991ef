# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiListExperimentsResponse: the ``apiListExperimentsResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_experiment import ApiExperiment

__all__ = ["ApiListExperimentsResponse"]


class ApiListExperimentsResponse(Model):
    """The ``apiListExperimentsResponse`` message.

    :ivar experiments: A list of experiments returned. (list[ApiExperiment])
    :ivar total_size: The total number of experiments for the given query. (int)
    :ivar next_page_token: The token to list the next page of experiments. (str)
    """

    __slots__ = ("experiments", "total_size", "next_page_token")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    experiments: Optional[List[ApiExperiment]]
    total_size: Optional[int]
    next_page_token: Optional[str]

    openapi_types = {
        "experiments": "list[ApiExperiment]",
        "total_size": "int",
        "next_page_token": "str",
    }
    attribute_map = {
        "experiments": "experiments",
        "total_size": "total_size",
        "next_page_token": "next_page_token",
    }
    _wire_types = {
        "experiments": "list:model:ApiExperiment",
        "total_size": "int32",
        "next_page_token": "str",
    }
    _items_field = "experiments"

    def __init__(
        self,
        experiments: Optional[Sequence[Union[ApiExperiment, Dict[str, Any]]]] = None,
        total_size: Optional[int] = None,
        next_page_token: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiListExperimentsResponse``; every field is optional (see the class docstring)."""
        self._init((experiments, total_size, next_page_token), kwargs)
