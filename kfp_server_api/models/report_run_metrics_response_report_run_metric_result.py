# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ReportRunMetricsResponseReportRunMetricResult: the ``ReportRunMetricsResponseReportRunMetricResult`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Optional

__all__ = ["ReportRunMetricsResponseReportRunMetricResult"]


class ReportRunMetricsResponseReportRunMetricResult(Model):
    """The ``ReportRunMetricsResponseReportRunMetricResult`` message.

    :ivar metric_name: Output. The name of the metric. (str)
    :ivar metric_node_id: Output. The ID of the node which reports the metric. (str)
    :ivar status: Output. The status of the metric reporting. (str; one of ReportRunMetricsResponseReportRunMetricResultStatus)
    :ivar message: Output. The detailed message of the error of the reporting. (str)
    """

    __slots__ = ("metric_name", "metric_node_id", "status", "message")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    metric_name: Optional[str]
    metric_node_id: Optional[str]
    status: Optional[str]
    message: Optional[str]

    openapi_types = {
        "metric_name": "str",
        "metric_node_id": "str",
        "status": "str",
        "message": "str",
    }
    attribute_map = {
        "metric_name": "metric_name",
        "metric_node_id": "metric_node_id",
        "status": "status",
        "message": "message",
    }
    _wire_types = {
        "metric_name": "str",
        "metric_node_id": "str",
        "status": "enum:ReportRunMetricsResponseReportRunMetricResultStatus",
        "message": "str",
    }

    def __init__(
        self,
        metric_name: Optional[str] = None,
        metric_node_id: Optional[str] = None,
        status: Optional[str] = None,
        message: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ReportRunMetricsResponseReportRunMetricResult``; every field is optional (see the class docstring)."""
        self._init((metric_name, metric_node_id, status, message), kwargs)
