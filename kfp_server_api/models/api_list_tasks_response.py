# generated from spec/task_v1alpha1.swagger.json by codegen/generate.py; do not edit
"""ApiListTasksResponse: the ``apiListTasksResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_task import ApiTask

__all__ = ["ApiListTasksResponse"]


class ApiListTasksResponse(Model):
    """The ``apiListTasksResponse`` message.

    :ivar tasks: A list of tasks returned. (list[ApiTask])
    :ivar next_page_token: The token to list the next page of experiments. (str)
    :ivar total_size: The total number of experiments for the given query. (int)
    """

    __slots__ = ("tasks", "next_page_token", "total_size")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    tasks: Optional[List[ApiTask]]
    next_page_token: Optional[str]
    total_size: Optional[int]

    openapi_types = {
        "tasks": "list[ApiTask]",
        "next_page_token": "str",
        "total_size": "int",
    }
    attribute_map = {
        "tasks": "tasks",
        "next_page_token": "next_page_token",
        "total_size": "total_size",
    }
    _wire_types = {
        "tasks": "list:model:ApiTask",
        "next_page_token": "str",
        "total_size": "int32",
    }
    _items_field = "tasks"

    def __init__(
        self,
        tasks: Optional[Sequence[Union[ApiTask, Dict[str, Any]]]] = None,
        next_page_token: Optional[str] = None,
        total_size: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiListTasksResponse``; every field is optional (see the class docstring)."""
        self._init((tasks, next_page_token, total_size), kwargs)
