# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiReportRunMetricsRequest: the ``apiReportRunMetricsRequest`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_run_metric import ApiRunMetric

__all__ = ["ApiReportRunMetricsRequest"]


class ApiReportRunMetricsRequest(Model):
    """The ``apiReportRunMetricsRequest`` message.

    :ivar run_id: Required. The parent run ID of the metric. (str)
    :ivar metrics: List of metrics to report. (list[ApiRunMetric])
    """

    __slots__ = ("run_id", "metrics")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    run_id: Optional[str]
    metrics: Optional[List[ApiRunMetric]]

    openapi_types = {
        "run_id": "str",
        "metrics": "list[ApiRunMetric]",
    }
    attribute_map = {
        "run_id": "run_id",
        "metrics": "metrics",
    }
    _wire_types = {
        "run_id": "str",
        "metrics": "list:model:ApiRunMetric",
    }

    def __init__(
        self,
        run_id: Optional[str] = None,
        metrics: Optional[Sequence[Union[ApiRunMetric, Dict[str, Any]]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiReportRunMetricsRequest``; every field is optional (see the class docstring)."""
        self._init((run_id, metrics), kwargs)
