# generated from spec/filter.swagger.json by codegen/generate.py; do not edit
"""ApiStringValues: the ``apiStringValues`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, List, Optional, Sequence

__all__ = ["ApiStringValues"]


class ApiStringValues(Model):
    """The ``apiStringValues`` message.

    :ivar values: (no description in the spec) (list[str])
    """

    __slots__ = ("values",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    values: Optional[List[str]]

    openapi_types = {
        "values": "list[str]",
    }
    attribute_map = {
        "values": "values",
    }
    _wire_types = {
        "values": "list:str",
    }

    def __init__(
        self,
        values: Optional[Sequence[str]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiStringValues``; every field is optional (see the class docstring)."""
        self._init((values,), kwargs)
