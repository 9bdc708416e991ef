# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiReadArtifactResponse: the ``apiReadArtifactResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiReadArtifactResponse"]


class ApiReadArtifactResponse(Model):
    """The ``apiReadArtifactResponse`` message.

    :ivar data: The bytes of the artifact content. (bytes; base64 on the wire)
    """

    __slots__ = ("data",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    data: Optional[bytes]

    openapi_types = {
        "data": "bytes",
    }
    attribute_map = {
        "data": "data",
    }
    _wire_types = {
        "data": "bytes",
    }

    def __init__(
        self,
        data: Optional[bytes] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiReadArtifactResponse``; every field is optional (see the class docstring)."""
        self._init((data,), kwargs)
