"""A small builder for the ``filter`` argument of the list calls: :class:`Filter`.

The KFP server takes ``filter`` as the JSON text of a ``Filter`` protocol buffer: a list of
predicates, all AND-ed. :class:`Filter` builds one from Python values, choosing the value kind
from the value's type, and combines filters with ``&``::

    from kfp_server_api import Filter

    f = Filter.equals("status", "Failed") & Filter.created_after(datetime(2024, 1, 1, tzinfo=timezone.utc))
    runs_api.list_runs(filter=f)          # sent as the JSON text str(f)

A ``Filter`` *is* an :class:`~kfp_server_api.models.ApiFilter`, so it goes wherever an
``ApiFilter`` does; plain JSON strings keep working as ``filter`` values too.
"""
from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable as _IterableABC
from typing import Any, Iterable, List, Type, Union

from kfp_server_api.exceptions import ApiTypeError, ApiValueError
from kfp_server_api.model_base import to_jsonable
from kfp_server_api.models.api_filter import ApiFilter
from kfp_server_api.models.api_long_values import ApiLongValues
from kfp_server_api.models.api_predicate import ApiPredicate
from kfp_server_api.models.api_string_values import ApiStringValues
from kfp_server_api.models.predicate_op import PredicateOp

__all__ = ["Filter", "ScalarValue"]

#: What a comparison accepts: ``str`` (sent as ``string_value``), ``int`` (``long_value``) or
#: ``datetime`` (``timestamp_value``; a naive datetime is taken as UTC).
ScalarValue = Union[str, int, _dt.datetime]


def _check_key(key: Any) -> str:
    if not isinstance(key, str):
        raise ApiTypeError(f"Filter: the key must be a str, got {type(key).__name__}")
    if not key:
        raise ApiValueError("Filter: the key must not be empty")
    return key


def _scalar_predicate(op: str, key: Any, value: Any) -> ApiPredicate:
    key = _check_key(key)
    # bool is an int subclass, but the server has no boolean value kind: True would silently
    # become long_value 1.
    if isinstance(value, bool):
        raise ApiTypeError(f"Filter on {key!r}: bool values are not supported (use a str or an int)")
    if isinstance(value, str):
        return ApiPredicate(op=op, key=key, string_value=value)
    if isinstance(value, int):
        return ApiPredicate(op=op, key=key, long_value=value)
    if isinstance(value, _dt.datetime):
        return ApiPredicate(op=op, key=key, timestamp_value=value)
    raise ApiTypeError(
        f"Filter on {key!r}: cannot compare with a {type(value).__name__} value "
        "(use a str, an int or a datetime)"
    )


def _timestamp(value: Any, what: str) -> _dt.datetime:
    """A datetime from a datetime or Unix seconds (int or float)."""
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return _dt.datetime.fromtimestamp(value, tz=_dt.timezone.utc)
        except (OverflowError, OSError, ValueError) as error:
            raise ApiValueError(f"Filter.{what}: {value!r} is not a valid Unix time") from error
    raise ApiTypeError(
        f"Filter.{what}: expected a datetime or Unix seconds, got {type(value).__name__}"
    )


def _comparison(op: str, symbol: str) -> "classmethod[Filter, [str, ScalarValue], Filter]":
    """The class method ``Filter.<op>(key, value)``: ``key <symbol> value``."""

    def build(cls: Type["Filter"], key: str, value: ScalarValue) -> "Filter":
        return cls._of(_scalar_predicate(op, key, value))

    build.__name__ = op.lower()
    build.__qualname__ = f"Filter.{build.__name__}"
    build.__doc__ = (
        f"``key {symbol} value``: a str (``string_value``), an int (``long_value``) or a "
        "datetime (``timestamp_value``; naive means UTC)."
    )
    return classmethod(build)


class Filter(ApiFilter):
    """An :class:`~kfp_server_api.models.ApiFilter` built from Python values.

    Build one with the class methods (:meth:`equals`, :meth:`in_`, :meth:`created_after`...)
    and combine them with ``&`` (all predicates must hold). ``str(f)`` and :meth:`to_json`
    give the JSON text the server expects; pass the filter itself as the ``filter`` argument of
    any list call (or of :func:`~kfp_server_api.paginate`). Value kinds follow the Python type:
    ``str`` -> ``string_value``, ``int`` -> ``long_value``, ``datetime`` -> ``timestamp_value``
    (naive datetimes are taken as UTC), lists of ``str`` / ``int`` -> ``string_values`` /
    ``long_values``.

    A ``Filter`` compares equal to an ``ApiFilter`` with the same predicates.
    """

    __slots__ = ()

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def _of(cls, predicate: ApiPredicate) -> "Filter":
        return cls(predicates=[predicate])

    equals = _comparison(PredicateOp.EQUALS, "==")
    not_equals = _comparison(PredicateOp.NOT_EQUALS, "!=")
    greater_than = _comparison(PredicateOp.GREATER_THAN, ">")
    greater_than_equals = _comparison(PredicateOp.GREATER_THAN_EQUALS, ">=")
    less_than = _comparison(PredicateOp.LESS_THAN, "<")
    less_than_equals = _comparison(PredicateOp.LESS_THAN_EQUALS, "<=")

    @classmethod
    def name_equals(cls, name: str) -> "Filter":
        """``name == name`` (experiments, runs, jobs, pipelines and versions all have names)."""
        if not isinstance(name, str):
            raise ApiTypeError(f"Filter.name_equals: expected a str, got {type(name).__name__}")
        return cls.equals("name", name)

    @classmethod
    def in_(cls, key: str, values: Iterable[Union[str, int]]) -> "Filter":
        """``key`` is one of ``values`` (all ``str`` or all ``int``; at least one)."""
        key = _check_key(key)
        if isinstance(values, (str, bytes)) or not isinstance(values, _IterableABC):
            raise ApiTypeError(
                f"Filter.in_ on {key!r}: expected a list of values, got {type(values).__name__}"
            )
        items: List[Any] = list(values)
        if not items:
            # No value kind can be chosen for an empty list, and the server would match nothing.
            raise ApiValueError(f"Filter.in_ on {key!r}: needs at least one value")
        if all(isinstance(v, str) for v in items):
            return cls._of(ApiPredicate(op=PredicateOp.IN, key=key, string_values=ApiStringValues(values=items)))
        if all(isinstance(v, int) and not isinstance(v, bool) for v in items):
            return cls._of(ApiPredicate(op=PredicateOp.IN, key=key, long_values=ApiLongValues(values=items)))
        kinds = sorted({type(v).__name__ for v in items})
        raise ApiTypeError(
            f"Filter.in_ on {key!r}: the values must be all str or all int, got {', '.join(kinds)}"
        )

    @classmethod
    def substring(cls, key: str, text: str) -> "Filter":
        """``key`` contains ``text`` (the server matches with SQL ``LIKE``: ``%`` and ``_`` in
        ``text`` act as wildcards)."""
        key = _check_key(key)
        if not isinstance(text, str):
            raise ApiTypeError(f"Filter.substring on {key!r}: expected a str, got {type(text).__name__}")
        return cls._of(ApiPredicate(op=PredicateOp.IS_SUBSTRING, key=key, string_value=text))

    @classmethod
    def created_after(cls, when: Union[_dt.datetime, int, float]) -> "Filter":
        """``created_at > when`` (a datetime, or Unix seconds; the server compares whole seconds)."""
        return cls.greater_than("created_at", _timestamp(when, "created_after"))

    @classmethod
    def created_before(cls, when: Union[_dt.datetime, int, float]) -> "Filter":
        """``created_at < when`` (a datetime, or Unix seconds; the server compares whole seconds)."""
        return cls.less_than("created_at", _timestamp(when, "created_before"))

    # -- combining -----------------------------------------------------------------------------

    def __and__(self, other: Any) -> "Filter":
        """A filter with the predicates of both (the server AND-s them)."""
        if not isinstance(other, ApiFilter):
            return NotImplemented
        return Filter(predicates=list(self.predicates or ()) + list(other.predicates or ()))

    def __rand__(self, other: Any) -> "Filter":
        if not isinstance(other, ApiFilter):
            return NotImplemented
        return Filter(predicates=list(other.predicates or ()) + list(self.predicates or ()))

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, ApiFilter):
            return NotImplemented
        return (self.predicates or []) == (other.predicates or []) and (self._extra or None) == (
            other._extra or None
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like every model

    # -- JSON ----------------------------------------------------------------------------------

    def to_json_string(self) -> str:
        """The JSON text the server expects as the ``filter`` query value (compact, protobuf
        JSON names, enum names, int64 values as strings, RFC 3339 timestamps).

        ``to_json()`` stays what it is on every model (the JSON-ready dict), so a ``Filter`` can
        go wherever an ``ApiFilter`` goes.
        """
        return json.dumps(to_jsonable(self), separators=(",", ":"), allow_nan=False)

    def __str__(self) -> str:
        return self.to_json_string()
