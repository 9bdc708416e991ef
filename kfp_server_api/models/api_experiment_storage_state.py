# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiExperimentStorageState: the ``apiExperimentStorageState`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["ApiExperimentStorageState"]


class ApiExperimentStorageState(EnumModel):
    """Allowed values: ``STORAGESTATE_UNSPECIFIED``, ``STORAGESTATE_AVAILABLE``, ``STORAGESTATE_ARCHIVED``."""

    STORAGESTATE_UNSPECIFIED = "STORAGESTATE_UNSPECIFIED"
    STORAGESTATE_AVAILABLE = "STORAGESTATE_AVAILABLE"
    STORAGESTATE_ARCHIVED = "STORAGESTATE_ARCHIVED"

    allowable_values = (STORAGESTATE_UNSPECIFIED, STORAGESTATE_AVAILABLE, STORAGESTATE_ARCHIVED)
