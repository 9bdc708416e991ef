# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""JobMode: the ``JobMode`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["JobMode"]


class JobMode(EnumModel):
    """Required input.

     - DISABLED: The job won't schedule any run if disabled.

    Allowed values: ``UNKNOWN_MODE``, ``ENABLED``, ``DISABLED``.
    """

    UNKNOWN_MODE = "UNKNOWN_MODE"
    ENABLED = "ENABLED"
    DISABLED = "DISABLED"

    allowable_values = (UNKNOWN_MODE, ENABLED, DISABLED)
