# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiUrl: the ``apiUrl`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiUrl"]


class ApiUrl(Model):
    """The ``apiUrl`` message.

    :ivar pipeline_url: URL of the pipeline definition or the pipeline version definition. (str)
    """

    __slots__ = ("pipeline_url",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    pipeline_url: Optional[str]

    openapi_types = {
        "pipeline_url": "str",
    }
    attribute_map = {
        "pipeline_url": "pipeline_url",
    }
    _wire_types = {
        "pipeline_url": "str",
    }

    def __init__(
        self,
        pipeline_url: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiUrl``; every field is optional (see the class docstring)."""
        self._init((pipeline_url,), kwargs)
