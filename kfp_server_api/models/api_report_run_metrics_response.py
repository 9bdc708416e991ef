# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiReportRunMetricsResponse: the ``apiReportRunMetricsResponse`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.report_run_metrics_response_report_run_metric_result import ReportRunMetricsResponseReportRunMetricResult

__all__ = ["ApiReportRunMetricsResponse"]


class ApiReportRunMetricsResponse(Model):
    """The ``apiReportRunMetricsResponse`` message.

    :ivar results: (no description in the spec) (list[ReportRunMetricsResponseReportRunMetricResult])
    """

    __slots__ = ("results",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    results: Optional[List[ReportRunMetricsResponseReportRunMetricResult]]

    openapi_types = {
        "results": "list[ReportRunMetricsResponseReportRunMetricResult]",
    }
    attribute_map = {
        "results": "results",
    }
    _wire_types = {
        "results": "list:model:ReportRunMetricsResponseReportRunMetricResult",
    }

    def __init__(
        self,
        results: Optional[Sequence[Union[ReportRunMetricsResponseReportRunMetricResult, Dict[str, Any]]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiReportRunMetricsResponse``; every field is optional (see the class docstring)."""
        self._init((results,), kwargs)
