# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiStatus: the ``apiStatus`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.protobuf_any import ProtobufAny

__all__ = ["ApiStatus"]


class ApiStatus(Model):
    """The ``apiStatus`` message.

    :ivar error: (no description in the spec) (str)
    :ivar code: (no description in the spec) (int)
    :ivar details: (no description in the spec) (list[ProtobufAny])
    """

    __slots__ = ("error", "code", "details")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    error: Optional[str]
    code: Optional[int]
    details: Optional[List[ProtobufAny]]

    openapi_types = {
        "error": "str",
        "code": "int",
        "details": "list[ProtobufAny]",
    }
    attribute_map = {
        "error": "error",
        "code": "code",
        "details": "details",
    }
    _wire_types = {
        "error": "str",
        "code": "int32",
        "details": "list:model:ProtobufAny",
    }

    def __init__(
        self,
        error: Optional[str] = None,
        code: Optional[int] = None,
        details: Optional[Sequence[Union[ProtobufAny, Dict[str, Any]]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiStatus``; every field is optional (see the class docstring)."""
        self._init((error, code, details), kwargs)
