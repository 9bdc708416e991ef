# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiParameter: the ``apiParameter`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiParameter"]


class ApiParameter(Model):
    """The ``apiParameter`` message.

    :ivar name: (no description in the spec) (str)
    :ivar value: (no description in the spec) (str)
    """

    __slots__ = ("name", "value")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    name: Optional[str]
    value: Optional[str]

    openapi_types = {
        "name": "str",
        "value": "str",
    }
    attribute_map = {
        "name": "name",
        "value": "value",
    }
    _wire_types = {
        "name": "str",
        "value": "str",
    }

    def __init__(
        self,
        name: Optional[str] = None,
        value: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiParameter``; every field is optional (see the class docstring)."""
        self._init((name, value), kwargs)
