# generated from spec/filter.swagger.json by codegen/generate.py; do not edit
"""PredicateOp: the ``PredicateOp`` enum of the API contract."""
from kfp_server_api.model_base import EnumModel

__all__ = ["PredicateOp"]


class PredicateOp(EnumModel):
    """Op is the operation to apply.

     - EQUALS: Operators on scalar values. Only applies to one of |int_value|,
    |long_value|, |string_value| or |timestamp_value|.
     - IN: Checks if the value is a member of a given array, which should be one of
    |int_values|, |long_values| or |string_values|.
     - IS_SUBSTRING: Checks if the value contains |string_value| as a substring match. Only
    applies to |string_value|.

    Allowed values: ``UNKNOWN``, ``EQUALS``, ``NOT_EQUALS``, ``GREATER_THAN``, ``GREATER_THAN_EQUALS``, ``LESS_THAN``, ``LESS_THAN_EQUALS``, ``IN``, ``IS_SUBSTRING``.
    """

    UNKNOWN = "UNKNOWN"
    EQUALS = "EQUALS"
    NOT_EQUALS = "NOT_EQUALS"
    GREATER_THAN = "GREATER_THAN"
    GREATER_THAN_EQUALS = "GREATER_THAN_EQUALS"
    LESS_THAN = "LESS_THAN"
    LESS_THAN_EQUALS = "LESS_THAN_EQUALS"
    IN = "IN"
    IS_SUBSTRING = "IS_SUBSTRING"

    allowable_values = (UNKNOWN, EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUALS, LESS_THAN, LESS_THAN_EQUALS, IN, IS_SUBSTRING)
