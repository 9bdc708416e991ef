# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiRunMetric: the ``apiRunMetric`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ApiRunMetric"]


class ApiRunMetric(Model):
    """The ``apiRunMetric`` message.

    :ivar name: Required. The user defined name of the metric. It must between 1 and 63 characters long and must conform to the following regular expression: `[a-z]([-a-z0-9]*[a-z0-9])?`. (str)
    :ivar node_id: Required. The runtime node ID which reports the metric. The node ID can be found in the RunDetail.workflow.Status. Metric with same (node_id, name) are considerd as duplicate. Only the first reporting will be recorded. Max length is 128. (str)
    :ivar number_value: The number value of the metric. (float)
    :ivar format: The display format of metric. (str; one of RunMetricFormat)
    """

    __slots__ = ("name", "node_id", "number_value", "format")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    name: Optional[str]
    node_id: Optional[str]
    number_value: Optional[float]
    format: Optional[str]

    openapi_types = {
        "name": "str",
        "node_id": "str",
        "number_value": "float",
        "format": "str",
    }
    attribute_map = {
        "name": "name",
        "node_id": "node_id",
        "number_value": "number_value",
        "format": "format",
    }
    _wire_types = {
        "name": "str",
        "node_id": "str",
        "number_value": "double",
        "format": "enum:RunMetricFormat",
    }

    def __init__(
        self,
        name: Optional[str] = None,
        node_id: Optional[str] = None,
        number_value: Optional[float] = None,
        format: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiRunMetric``; every field is optional (see the class docstring)."""
        self._init((name, node_id, number_value, format), kwargs)
