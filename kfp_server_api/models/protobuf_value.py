# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ProtobufValue: the ``protobufValue`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import ProtobufValueModel

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional

__all__ = ["ProtobufValue"]


class ProtobufValue(ProtobufValueModel):
    """`Value` represents a dynamically typed value which can be either
    null, a number, a string, a boolean, a recursive struct value, or a
    list of values. A producer of value is expected to set one of that
    variants, absence of any variant indicates an error.

    The JSON representation for `Value` is JSON value.

    :ivar null_value: Represents a null value. (str; one of ProtobufNullValue)
    :ivar number_value: Represents a double value. (float)
    :ivar string_value: Represents a string value. (str)
    :ivar bool_value: Represents a boolean value. (bool)
    :ivar struct_value: Represents a structured value. (dict(str, object))
    :ivar list_value: Represents a repeated `Value`. (list[object])
    """

    __slots__ = ("null_value", "number_value", "string_value", "bool_value", "struct_value", "list_value")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    null_value: Optional[str]
    number_value: Optional[float]
    string_value: Optional[str]
    bool_value: Optional[bool]
    struct_value: Optional[Dict[str, Any]]
    list_value: Optional[List[Any]]

    openapi_types = {
        "null_value": "str",
        "number_value": "float",
        "string_value": "str",
        "bool_value": "bool",
        "struct_value": "dict(str, object)",
        "list_value": "list[object]",
    }
    attribute_map = {
        "null_value": "null_value",
        "number_value": "number_value",
        "string_value": "string_value",
        "bool_value": "bool_value",
        "struct_value": "struct_value",
        "list_value": "list_value",
    }
    _wire_types = {
        "null_value": "enum:ProtobufNullValue",
        "number_value": "double",
        "string_value": "str",
        "bool_value": "bool",
        "struct_value": "struct",
        "list_value": "listvalue",
    }

    def __init__(
        self,
        null_value: Optional[str] = None,
        number_value: Optional[float] = None,
        string_value: Optional[str] = None,
        bool_value: Optional[bool] = None,
        struct_value: Optional[Dict[str, Any]] = None,
        list_value: Optional[List[Any]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ProtobufValue``; every field is optional (see the class docstring)."""
        self._init((null_value, number_value, string_value, bool_value, struct_value, list_value), kwargs)
