# generated from spec/filter.swagger.json by codegen/generate.py; do not edit
"""ApiPredicate: the ``apiPredicate`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from datetime import datetime
    from typing import Any, Dict, Optional, Union

    from kfp_server_api.models.api_int_values import ApiIntValues
    from kfp_server_api.models.api_long_values import ApiLongValues
    from kfp_server_api.models.api_string_values import ApiStringValues

__all__ = ["ApiPredicate"]


class ApiPredicate(Model):
    """Predicate captures individual conditions that must be true for a resource
    being filtered.

    :ivar op: (no description in the spec) (str; one of PredicateOp)
    :ivar key: (no description in the spec) (str)
    :ivar int_value: (no description in the spec) (int)
    :ivar long_value: (no description in the spec) (int; int64: a JSON string on the wire)
    :ivar string_value: (no description in the spec) (str)
    :ivar timestamp_value: Timestamp values will be converted to Unix time (seconds since the epoch) prior to being used in a filtering operation. (datetime; RFC 3339 timestamp on the wire)
    :ivar int_values: Array values below are only meant to be used by the IN operator. (ApiIntValues)
    :ivar long_values: (no description in the spec) (ApiLongValues)
    :ivar string_values: (no description in the spec) (ApiStringValues)
    """

    __slots__ = ("op", "key", "int_value", "long_value", "string_value", "timestamp_value", "int_values", "long_values", "string_values")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    op: Optional[str]
    key: Optional[str]
    int_value: Optional[int]
    long_value: Optional[int]
    string_value: Optional[str]
    timestamp_value: Optional[datetime]
    int_values: Optional[ApiIntValues]
    long_values: Optional[ApiLongValues]
    string_values: Optional[ApiStringValues]

    openapi_types = {
        "op": "str",
        "key": "str",
        "int_value": "int",
        "long_value": "int",
        "string_value": "str",
        "timestamp_value": "datetime",
        "int_values": "ApiIntValues",
        "long_values": "ApiLongValues",
        "string_values": "ApiStringValues",
    }
    attribute_map = {
        "op": "op",
        "key": "key",
        "int_value": "int_value",
        "long_value": "long_value",
        "string_value": "string_value",
        "timestamp_value": "timestamp_value",
        "int_values": "int_values",
        "long_values": "long_values",
        "string_values": "string_values",
    }
    _wire_types = {
        "op": "enum:PredicateOp",
        "key": "str",
        "int_value": "int32",
        "long_value": "int64",
        "string_value": "str",
        "timestamp_value": "datetime",
        "int_values": "model:ApiIntValues",
        "long_values": "model:ApiLongValues",
        "string_values": "model:ApiStringValues",
    }

    def __init__(
        self,
        op: Optional[str] = None,
        key: Optional[str] = None,
        int_value: Optional[int] = None,
        long_value: Optional[int] = None,
        string_value: Optional[str] = None,
        timestamp_value: Optional[Union[datetime, str]] = None,
        int_values: Optional[Union[ApiIntValues, Dict[str, Any]]] = None,
        long_values: Optional[Union[ApiLongValues, Dict[str, Any]]] = None,
        string_values: Optional[Union[ApiStringValues, Dict[str, Any]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiPredicate``; every field is optional (see the class docstring)."""
        self._init((op, key, int_value, long_value, string_value, timestamp_value, int_values, long_values, string_values), kwargs)
