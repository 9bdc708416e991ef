# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""RunMetricFormat: the ``RunMetricFormat`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["RunMetricFormat"]


class RunMetricFormat(EnumModel):
    """- UNSPECIFIED: Default value if not present.
     - RAW: Display value as its raw format.
     - PERCENTAGE: Display value in percentage format.

    Allowed values: ``UNSPECIFIED``, ``RAW``, ``PERCENTAGE``.
    """

    UNSPECIFIED = "UNSPECIFIED"
    RAW = "RAW"
    PERCENTAGE = "PERCENTAGE"

    allowable_values = (UNSPECIFIED, RAW, PERCENTAGE)
