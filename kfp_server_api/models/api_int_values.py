# generated from spec/filter.swagger.json by codegen/generate.py; do not edit
"""ApiIntValues: the ``apiIntValues`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, List, Optional, Sequence

__all__ = ["ApiIntValues"]


class ApiIntValues(Model):
    """The ``apiIntValues`` message.

    :ivar values: (no description in the spec) (list[int])
    """

    __slots__ = ("values",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    values: Optional[List[int]]

    openapi_types = {
        "values": "list[int]",
    }
    attribute_map = {
        "values": "values",
    }
    _wire_types = {
        "values": "list:int32",
    }

    def __init__(
        self,
        values: Optional[Sequence[int]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiIntValues``; every field is optional (see the class docstring)."""
        self._init((values,), kwargs)
