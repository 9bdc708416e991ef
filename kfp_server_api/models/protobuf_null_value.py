# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ProtobufNullValue: the ``protobufNullValue`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["ProtobufNullValue"]


class ProtobufNullValue(EnumModel):
    """`NullValue` is a singleton enumeration to represent the null value for the
    `Value` type union.

     The JSON representation for `NullValue` is JSON `null`.

     - NULL_VALUE: Null value.

    Allowed values: ``NULL_VALUE``.
    """

    NULL_VALUE = "NULL_VALUE"

    allowable_values = (NULL_VALUE,)
