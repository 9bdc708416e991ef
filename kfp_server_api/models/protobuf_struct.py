# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ProtobufStruct: the ``protobufStruct`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import ProtobufStructModel

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, Optional

__all__ = ["ProtobufStruct"]


class ProtobufStruct(ProtobufStructModel):
    """`Struct` represents a structured data value, consisting of fields
    which map to dynamically typed values. In some languages, `Struct`
    might be supported by a native representation. For example, in
    scripting languages like JS a struct is represented as an
    object. The details of that representation are described together
    with the proto support for the language.

    The JSON representation for `Struct` is JSON object.

    :ivar fields: Unordered map of dynamically typed values. (dict(str, object))
    """

    __slots__ = ("fields",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    fields: Optional[Dict[str, Any]]

    openapi_types = {
        "fields": "dict(str, object)",
    }
    attribute_map = {
        "fields": "fields",
    }
    _wire_types = {
        "fields": "map:object",
    }

    def __init__(
        self,
        fields: Optional[Dict[str, Any]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ProtobufStruct``; every field is optional (see the class docstring)."""
        self._init((fields,), kwargs)
