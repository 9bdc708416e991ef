# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiGetTemplateResponse: the ``apiGetTemplateResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiGetTemplateResponse"]


class ApiGetTemplateResponse(Model):
    """The ``apiGetTemplateResponse`` message.

    :ivar template: The template of the pipeline specified in a GetTemplate request, or of a pipeline version specified in a GetPipelinesVersionTemplate request. (str)
    """

    __slots__ = ("template",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    template: Optional[str]

    openapi_types = {
        "template": "str",
    }
    attribute_map = {
        "template": "template",
    }
    _wire_types = {
        "template": "str",
    }

    def __init__(
        self,
        template: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiGetTemplateResponse``; every field is optional (see the class docstring)."""
        self._init((template,), kwargs)
