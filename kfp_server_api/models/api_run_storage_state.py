# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiRunStorageState: the ``apiRunStorageState`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["ApiRunStorageState"]


class ApiRunStorageState(EnumModel):
    """Allowed values: ``STORAGESTATE_AVAILABLE``, ``STORAGESTATE_ARCHIVED``."""

    STORAGESTATE_AVAILABLE = "STORAGESTATE_AVAILABLE"
    STORAGESTATE_ARCHIVED = "STORAGESTATE_ARCHIVED"

    allowable_values = (STORAGESTATE_AVAILABLE, STORAGESTATE_ARCHIVED)
