# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ProtobufListValue: the ``protobufListValue`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import ProtobufListValueModel

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, List, Optional, Sequence

__all__ = ["ProtobufListValue"]


class ProtobufListValue(ProtobufListValueModel):
    """`ListValue` is a wrapper around a repeated field of values.

    The JSON representation for `ListValue` is JSON array.

    :ivar values: Repeated field of dynamically typed values. (list[object])
    """

    __slots__ = ("values",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    values: Optional[List[Any]]

    openapi_types = {
        "values": "list[object]",
    }
    attribute_map = {
        "values": "values",
    }
    _wire_types = {
        "values": "list:object",
    }

    def __init__(
        self,
        values: Optional[Sequence[Any]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ProtobufListValue``; every field is optional (see the class docstring)."""
        self._init((values,), kwargs)
