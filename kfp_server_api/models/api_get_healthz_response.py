# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiGetHealthzResponse: the ``apiGetHealthzResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiGetHealthzResponse"]


class ApiGetHealthzResponse(Model):
    """The ``apiGetHealthzResponse`` message.

    :ivar multi_user: Returns if KFP in multi-user mode (bool)
    """

    __slots__ = ("multi_user",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    multi_user: Optional[bool]

    openapi_types = {
        "multi_user": "bool",
    }
    attribute_map = {
        "multi_user": "multi_user",
    }
    _wire_types = {
        "multi_user": "bool",
    }

    def __init__(
        self,
        multi_user: Optional[bool] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiGetHealthzResponse``; every field is optional (see the class docstring)."""
        self._init((multi_user,), kwargs)
