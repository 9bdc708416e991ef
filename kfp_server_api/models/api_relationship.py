# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiRelationship: the ``apiRelationship`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["ApiRelationship"]


class ApiRelationship(EnumModel):
    """Allowed values: ``UNKNOWN_RELATIONSHIP``, ``OWNER``, ``CREATOR``."""

    UNKNOWN_RELATIONSHIP = "UNKNOWN_RELATIONSHIP"
    OWNER = "OWNER"
    CREATOR = "CREATOR"

    allowable_values = (UNKNOWN_RELATIONSHIP, OWNER, CREATOR)
