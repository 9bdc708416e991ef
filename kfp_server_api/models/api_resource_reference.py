# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiResourceReference: the ``apiResourceReference`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, Optional, Union

    from kfp_server_api.models.api_resource_key import ApiResourceKey

__all__ = ["ApiResourceReference"]


class ApiResourceReference(Model):
    """The ``apiResourceReference`` message.

    :ivar key: (no description in the spec) (ApiResourceKey)
    :ivar name: The name of the resource that referred to. (str)
    :ivar relationship: Required field. The relationship from referred resource to the object. (str; one of ApiRelationship)
    """

    __slots__ = ("key", "name", "relationship")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    key: Optional[ApiResourceKey]
    name: Optional[str]
    relationship: Optional[str]

    openapi_types = {
        "key": "ApiResourceKey",
        "name": "str",
        "relationship": "str",
    }
    attribute_map = {
        "key": "key",
        "name": "name",
        "relationship": "relationship",
    }
    _wire_types = {
        "key": "model:ApiResourceKey",
        "name": "str",
        "relationship": "enum:ApiRelationship",
    }

    def __init__(
        self,
        key: Optional[Union[ApiResourceKey, Dict[str, Any]]] = None,
        name: Optional[str] = None,
        relationship: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiResourceReference``; every field is optional (see the class docstring)."""
        self._init((key, name, relationship), kwargs)
