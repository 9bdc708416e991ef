# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiListJobsResponse: the ``apiListJobsResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_job import ApiJob

__all__ = ["ApiListJobsResponse"]


class ApiListJobsResponse(Model):
    """The ``apiListJobsResponse`` message.

    :ivar jobs: A list of jobs returned. (list[ApiJob])
    :ivar total_size: The total number of jobs for the given query. (int)
    :ivar next_page_token: The token to list the next page of jobs. (str)
    """

    __slots__ = ("jobs", "total_size", "next_page_token")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    jobs: Optional[List[ApiJob]]
    total_size: Optional[int]
    next_page_token: Optional[str]

    openapi_types = {
        "jobs": "list[ApiJob]",
        "total_size": "int",
        "next_page_token": "str",
    }
    attribute_map = {
        "jobs": "jobs",
        "total_size": "total_size",
        "next_page_token": "next_page_token",
    }
    _wire_types = {
        "jobs": "list:model:ApiJob",
        "total_size": "int32",
        "next_page_token": "str",
    }
    _items_field = "jobs"

    def __init__(
        self,
        jobs: Optional[Sequence[Union[ApiJob, Dict[str, Any]]]] = None,
        total_size: Optional[int] = None,
        next_page_token: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiListJobsResponse``; every field is optional (see the class docstring)."""
        self._init((jobs, total_size, next_page_token), kwargs)
