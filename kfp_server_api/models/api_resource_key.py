# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiResourceKey: the ``apiResourceKey`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiResourceKey"]


class ApiResourceKey(Model):
    """The ``apiResourceKey`` message.

    :ivar type: The type of the resource that referred to. (str; one of ApiResourceType)
    :ivar id: The ID of the resource that referred to. (str)
    """

    __slots__ = ("type", "id")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    type: Optional[str]
    id: Optional[str]

    openapi_types = {
        "type": "str",
        "id": "str",
    }
    attribute_map = {
        "type": "type",
        "id": "id",
    }
    _wire_types = {
        "type": "enum:ApiResourceType",
        "id": "str",
    }

    def __init__(
        self,
        type: Optional[str] = None,
        id: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiResourceKey``; every field is optional (see the class docstring)."""
        self._init((type, id), kwargs)
