# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ReportRunMetricsResponseReportRunMetricResultStatus: the ``ReportRunMetricsResponseReportRunMetricResultStatus`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["ReportRunMetricsResponseReportRunMetricResultStatus"]


class ReportRunMetricsResponseReportRunMetricResultStatus(EnumModel):
    """- UNSPECIFIED: Default value if not present.
     - OK: Indicates successful reporting.
     - INVALID_ARGUMENT: Indicates that the payload of the metric is invalid.
     - DUPLICATE_REPORTING: Indicates that the metric has been reported before.
     - INTERNAL_ERROR: Indicates that something went wrong in the server.

    Allowed values: ``UNSPECIFIED``, ``OK``, ``INVALID_ARGUMENT``, ``DUPLICATE_REPORTING``, ``INTERNAL_ERROR``.
    """

    UNSPECIFIED = "UNSPECIFIED"
    OK = "OK"
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    DUPLICATE_REPORTING = "DUPLICATE_REPORTING"
    INTERNAL_ERROR = "INTERNAL_ERROR"

    allowable_values = (UNSPECIFIED, OK, INVALID_ARGUMENT, DUPLICATE_REPORTING, INTERNAL_ERROR)
