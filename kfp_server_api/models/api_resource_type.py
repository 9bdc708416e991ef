# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiResourceType: the ``apiResourceType`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["ApiResourceType"]


class ApiResourceType(EnumModel):
    """Allowed values: ``UNKNOWN_RESOURCE_TYPE``, ``EXPERIMENT``, ``JOB``, ``PIPELINE``, ``PIPELINE_VERSION``, ``NAMESPACE``."""

    UNKNOWN_RESOURCE_TYPE = "UNKNOWN_RESOURCE_TYPE"
    EXPERIMENT = "EXPERIMENT"
    JOB = "JOB"
    PIPELINE = "PIPELINE"
    PIPELINE_VERSION = "PIPELINE_VERSION"
    NAMESPACE = "NAMESPACE"

    allowable_values = (UNKNOWN_RESOURCE_TYPE, EXPERIMENT, JOB, PIPELINE, PIPELINE_VERSION, NAMESPACE)
