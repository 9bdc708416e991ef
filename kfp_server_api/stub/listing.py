"""The stub's listing engine: ``page_size``/``page_token``, ``sort_by`` and ``filter`` over sqlite3.

Every List call of the stub goes through :func:`list_page`; it reproduces what the real KFP API
server (2.0.0-beta.0, ``list/list.go``, ``filter/filter.go``, ``server/list_request_util.go``)
lets a client observe:

* page size: default 20 (omitted or 0), silently clamped at 200, negative -> 400;
* sort: ``field``, ``field asc``, ``field desc`` (lower-cased first), default ``created_at``
  ascending, ties broken by the primary key in the same direction, plus ``metric:<name>`` on runs;
* filter: a second URL-unescape, then a strict proto-JSON parse of ``Filter``; predicates are
  AND-ed and become parameterised SQL (values are never interpolated into SQL text);
* keyset pagination: the token is standard base64 of a JSON cursor (sort field, its value and
  the primary key of the first row of the next page, direction, model and filter). The next
  page holds the rows at or after the cursor, so no OFFSET over the whole table is needed.

Known, deliberate approximations of the real server (which runs on MySQL):

* ``IS_SUBSTRING`` is ``LIKE '%value%'`` without escaping, so ``%`` and ``_`` in the value act
  as wildcards exactly as on the real server; SQLite's LIKE is case-insensitive for ASCII.
* A ``string_value`` compared with a numeric or timestamp column is converted the way MySQL
  converts strings to numbers (its leading numeric part, ``0`` when there is none), so
  ``"1690000000"`` against ``created_at`` works. A number compared with a text column is
  compared as its decimal text.
* Strings compare with SQLite's binary collation (MySQL's is probably case-insensitive).

``total_size`` needs a ``COUNT(*)`` over the scope and filter, which is linear in the table,
unless the spec declares an aggregate table (:attr:`ListSpec.counts_table`) covering the scope
and every predicate: then it is a sum over a few groups, whatever the table's size.
Counts are cached per connection, keyed by the exact SQL and parameters plus the database's
version: ``PRAGMA data_version`` (commits of other connections), ``PRAGMA schema_version``
(DDL) and ``Connection.total_changes`` (this connection's own writes). SQLite does not roll
``total_changes`` back, so a caller that rolls back a transaction in which it wrote and then
listed must call :func:`forget_counts` (or the cache could return the rolled-back count).
"""
import base64
import binascii
import calendar
import datetime
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple
from urllib.parse import unquote_plus

from .errors import INVALID_ARGUMENT, StubError

__all__ = [
    "Column",
    "ListSpec",
    "Page",
    "list_page",
    "forget_counts",
    "parse_rfc3339",
    "go_quote",
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
]

#: Page size used when the request omits ``page_size`` or sends 0.
DEFAULT_PAGE_SIZE = 20
#: Larger page sizes are silently reduced to this one.
MAX_PAGE_SIZE = 200
#: Upper bound on the values bound by one filter: SQLite limits the parameters of a statement
#: (32766 since 3.32); a larger filter is a clear 400 rather than a database error.
MAX_FILTER_VALUES = 10000

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)

#: ``PredicateOp`` names by number; 4 is not used by the proto.
_OP_NAMES = {
    0: "UNKNOWN",
    1: "EQUALS",
    2: "NOT_EQUALS",
    3: "GREATER_THAN",
    5: "GREATER_THAN_EQUALS",
    6: "LESS_THAN",
    7: "LESS_THAN_EQUALS",
    8: "IN",
    9: "IS_SUBSTRING",
}
_OP_NUMBERS = {name: num for num, name in _OP_NAMES.items()}
_SCALAR_SQL = {
    "EQUALS": "=",
    "NOT_EQUALS": "!=",
    "GREATER_THAN": ">",
    "GREATER_THAN_EQUALS": ">=",
    "LESS_THAN": "<",
    "LESS_THAN_EQUALS": "<=",
}

#: The oneof ``value`` of ``Predicate``: proto field name -> Go type name used in error texts.
_VALUE_KINDS = {
    "int_value": "IntValue",
    "long_value": "LongValue",
    "string_value": "StringValue",
    "timestamp_value": "TimestampValue",
    "int_values": "IntValues",
    "long_values": "LongValues",
    "string_values": "StringValues",
}
_ARRAY_KINDS = ("int_values", "long_values", "string_values")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


#: JSON spelling (proto name or lowerCamelCase json name) -> proto field name of ``Predicate``.
_PREDICATE_FIELDS = {
    spelling: name
    for name in ("op", "key", *_VALUE_KINDS)
    for spelling in {name, _camel(name)}
}


@dataclass(frozen=True)
class Column:
    """A sortable/filterable field of a listable model."""

    #: SQL expression, e.g. ``"runs.created_at"``.
    sql: str
    #: ``"text"``, ``"int"``, ``"real"`` or ``"ts"`` (integer Unix seconds).
    kind: str
    #: Filter value normalisation, e.g. ``{"STORAGESTATE_ARCHIVED": "ARCHIVED"}``.
    aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListSpec:
    """What a List call may sort and filter on, and how its rows are identified."""

    #: ``"Experiment"``, ``"Run"``, ``"Job"``, ``"Pipeline"``, ``"PipelineVersion"`` or ``"Task"``.
    model: str
    #: SQL expression of the unique id, e.g. ``"runs.uuid"``.
    pk: str
    #: Accepted sort/filter names -> column (sort names are looked up lower-cased).
    keys: Mapping[str, Column]
    #: Runs only: SQL expression with one ``?`` for the metric name (``sort_by=metric:<name>``).
    metric_sql: Optional[str] = None
    #: Optional aggregate table with one row per distinct combination of some low-cardinality
    #: columns and its row count in column ``n``, kept exact by triggers at write time (the
    #: runs' ``run_counts`` in ``store.py``). When the scope and every filter predicate use only
    #: those columns (``=``/``!=``/``IN``), ``total_size`` is ``SUM(n)`` over the matching groups
    #: instead of a ``COUNT(*)`` that visits every matching row.
    counts_table: Optional[str] = None
    #: Column SQL of the listed table (as in :attr:`Column.sql`) -> column of ``counts_table``
    #: holding the same value.
    counts_columns: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Page:
    """One page of a List call."""

    #: Rows of this page, as the connection's row factory makes them.
    rows: list
    #: Count of all rows matching the scope and the filter (the same on every page).
    total_size: int
    #: Token of the next page; ``""`` on the last page.
    next_page_token: str


@dataclass(frozen=True)
class _Criteria:
    """Sort and filter of a listing, as carried from page to page."""

    sort: str  # a key of ListSpec.keys or "metric:<name>"
    desc: bool
    predicates: Tuple[Tuple[str, str, str, Any], ...]  # (key, op, value kind, value)


class _ParseError(Exception):
    """The filter text is not a valid ``Filter`` message (reported with the raw text)."""


# --------------------------------------------------------------------------------------------
# Small shared helpers


def go_quote(text: str) -> str:
    """Quote ``text`` like Go's ``%q`` does, so messages read exactly as the real server's."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif not ch.isprintable() and code > 0x7F:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})"
)


def parse_rfc3339(text: Any) -> int:
    """Unix seconds of an RFC 3339 timestamp (fraction dropped, as KFP keeps whole seconds).

    Raises :class:`ValueError` with a readable reason for anything else.
    """
    if not isinstance(text, str):
        raise ValueError(f"timestamp must be an RFC 3339 string, got {json.dumps(text)}")
    m = _RFC3339.fullmatch(text)
    if not m:
        raise ValueError(f"bad Timestamp: parsing time {go_quote(text)} as RFC 3339")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, second)
    except ValueError as exc:
        raise ValueError(f"bad Timestamp: parsing time {go_quote(text)}: {exc}") from None
    zone = m.group(8)
    offset = 0
    if zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        if int(zone[1:3]) > 23 or int(zone[4:6]) > 59:
            raise ValueError(f"bad Timestamp: parsing time {go_quote(text)}: time zone offset out of range")
        offset = sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0)) - offset


_SURROGATES = re.compile("[\ud800-\udfff]")


def _text(value: str) -> str:
    """``value`` with lone surrogates (from ``\\udXXX`` escapes) replaced, as Go's decoder does.

    SQLite cannot bind them, and they could not be written back in a UTF-8 response.
    """
    return _SURROGATES.sub("\ufffd", value)


def _invalid(msg: str) -> StubError:
    return StubError.invalid_input(msg)


def _bad_token(cause: str) -> StubError:
    # NewInvalidInputErrorWithDetails: the cause is in the chain, not in the short message.
    return StubError(
        INVALID_ARGUMENT, f"InvalidInputError: Invalid package token: {cause}", "Invalid package token"
    )


# --------------------------------------------------------------------------------------------
# page_size


#: Go ``strconv.ParseInt(s, 0, 32)`` syntax (the gateway's ``runtime.Int32``): base prefixes,
#: a leading 0 meaning octal, and underscores between digits.
_GO_INT = re.compile(
    r"[+-]?(?:0[xX](?P<hex>(?:_?[0-9a-fA-F])+)|0[oO](?P<oct>(?:_?[0-7])+)|0[bB](?P<bin>(?:_?[01])+)"
    r"|(?P<legacy>0(?:_?[0-7])*)|(?P<dec>[1-9](?:_?[0-9])*))"
)
_GO_INT_BASES = {"hex": 16, "oct": 8, "bin": 2, "legacy": 8, "dec": 10}


def _gateway_int32(raw: Any) -> int:
    """``page_size`` as the gateway parses an int32 query value (0 when omitted).

    Failures are gateway errors: 400, code 3, no ``details``, no handler prefix.
    """
    if raw is None or raw == "":
        return 0
    text = str(raw)
    m = None if isinstance(raw, bool) else _GO_INT.fullmatch(text)
    if m is None:
        raise StubError(INVALID_ARGUMENT, f"strconv.ParseInt: parsing {go_quote(text)}: invalid syntax", None)
    group = m.lastgroup or "dec"
    value = int(m.group(group).replace("_", ""), _GO_INT_BASES[group])
    if text.startswith("-"):
        value = -value
    if not _INT32[0] <= value <= _INT32[1]:
        raise StubError(INVALID_ARGUMENT, f"strconv.ParseInt: parsing {go_quote(text)}: value out of range", None)
    return value


def _validated_size(value: int) -> int:
    """``list.validatePageSize``: default, clamp, or 400 for a negative size."""
    if value < 0:
        # The server formats the int32 with %q: every negative number prints as an invalid rune.
        raise _invalid("The page size should be greater than 0. Got '\ufffd'")
    if value == 0:
        return DEFAULT_PAGE_SIZE
    return min(value, MAX_PAGE_SIZE)


# --------------------------------------------------------------------------------------------
# sort_by


def _parse_sort(spec: ListSpec, sort_by: Optional[str]) -> Tuple[str, bool]:
    """``(sort key, descending)`` for ``sort_by`` (``list.NewOptions``)."""
    if not sort_by or not sort_by.strip():
        return "created_at", False
    words = sort_by.lower().split()
    if len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
        raise _invalid(
            f'Received invalid sort by format {go_quote(sort_by)}. Supported format: "field_name", '
            f'"field_name desc", or "field_name asc"'
        )
    name = words[0]
    desc = len(words) == 2 and words[1] == "desc"
    if name in spec.keys:
        return name, desc
    if spec.metric_sql and name.startswith("metric:") and len(name) > len("metric:"):
        return name, desc
    raise _invalid(f"Invalid sorting field: {go_quote(name)} on listable type {spec.model}")


def _sort_expr(spec: ListSpec, sort: str) -> Tuple[str, List[Any]]:
    if sort.startswith("metric:") and sort not in spec.keys:
        return f"({spec.metric_sql})", [_text(sort[len("metric:"):])]
    return f"({spec.keys[sort].sql})", []


# --------------------------------------------------------------------------------------------
# filter: text -> predicates


def _int_value(value: Any, bounds: Tuple[int, int], what: str) -> int:
    """An int32/int64 as proto-JSON allows it: a JSON number or a decimal string."""
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value):
        number = int(value)
    else:
        number = None
    if number is None or not bounds[0] <= number <= bounds[1]:
        raise _ParseError(f"invalid value for {what}: {json.dumps(value)}")
    return number


def _repeated(doc: Any, name: str, message: str) -> List[Any]:
    """The one repeated field ``name`` of a JSON object for ``message`` (unknown keys rejected)."""
    if not isinstance(doc, dict):
        raise _ParseError(f"expected a JSON object for api.{message}, got {json.dumps(doc)}")
    for k in doc:
        if k != name:
            raise _ParseError(f'unknown field "{k}" in api.{message}')
    items = doc.get(name)
    if items is None:
        return []
    if not isinstance(items, list):
        raise _ParseError(f"{name}: expected an array, got {json.dumps(items)}")
    return items


def _array(value: Any, kind: str) -> List[Any]:
    return [_scalar(item, kind[:-1]) for item in _repeated(value, "values", _VALUE_KINDS[kind])]


def _scalar(value: Any, kind: str) -> Any:
    if kind == "int_value":
        return _int_value(value, _INT32, "int32 field int_value")
    if kind == "long_value":
        return _int_value(value, _INT64, "int64 field long_value")
    if kind == "string_value":
        if not isinstance(value, str):
            raise _ParseError(f"invalid value for string field string_value: {json.dumps(value)}")
        return _text(value)
    if isinstance(value, str):
        value = _EATEN_PLUS.sub(r"\1+\2", value)
    try:
        return parse_rfc3339(value)
    except ValueError as exc:
        raise _ParseError(str(exc)) from None


# A filter sent URL-encoded once (as the SDK does) loses the "+" of a positive UTC offset to the
# second unescape ("...00+02:00" arrives as "...00 02:00"). A space can stand nowhere else in an
# RFC 3339 time, so it is read back as "+" (the real server rejects the value; a deviation).
_EATEN_PLUS = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) (\d{2}:\d{2})$")


def _op(value: Any) -> Any:
    """Enum by name or number; unknown numbers are kept (proto3 enums are open)."""
    if isinstance(value, str):
        if value not in _OP_NUMBERS:
            raise _ParseError(f"unknown value {json.dumps(value)} for enum api.Predicate_Op")
        return value
    number = _int_value(value, _INT32, "enum api.Predicate_Op")
    return _OP_NAMES.get(number, number)


def _predicate(obj: Any) -> Tuple[Any, Any, Optional[str], Any]:
    if not isinstance(obj, dict):
        raise _ParseError(f"predicates: expected an object, got {json.dumps(obj)}")
    seen: Dict[str, str] = {}
    op: Any = "UNKNOWN"
    key = ""
    kind: Optional[str] = None
    value: Any = None
    for spelling, raw in obj.items():
        name = _PREDICATE_FIELDS.get(spelling)
        if name is None:
            raise _ParseError(f'unknown field "{spelling}" in api.Predicate')
        if name in seen:
            raise _ParseError(f'duplicate field "{spelling}" (also given as "{seen[name]}")')
        seen[name] = spelling
        if raw is None:  # proto-JSON: null means "not set"
            continue
        if name == "op":
            op = _op(raw)
        elif name == "key":
            if not isinstance(raw, str):
                raise _ParseError(f"invalid value for string field key: {json.dumps(raw)}")
            key = _text(raw)
        else:
            if kind is not None:
                raise _ParseError(f"oneof field value is already set: {kind} and {name}")
            kind = name
            value = _array(raw, name) if name in _ARRAY_KINDS else _scalar(raw, name)
    return op, key, kind, value


def _parse_filter_text(raw: str) -> List[Tuple[Any, Any, Optional[str], Any]]:
    """Second URL-unescape, then strict proto-JSON of ``Filter`` (``parseAPIFilter``)."""
    bad = re.search(r"%(?![0-9A-Fa-f]{2})", raw)
    if bad:
        raise _ParseError(f"invalid URL escape {go_quote(raw[bad.start():bad.start() + 3])}")
    text = unquote_plus(raw, errors="replace")

    def no_duplicates(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for k, v in pairs:
            if k in out:
                raise _ParseError(f'duplicate field "{k}"')
            out[k] = v
        return out

    try:
        doc = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise _ParseError(str(exc)) from None
    except RecursionError:
        raise _ParseError("JSON nested too deeply") from None
    return [_predicate(p) for p in _repeated(doc, "predicates", "Filter")]


def _check_predicates(spec: ListSpec, parsed: Sequence[Tuple[Any, Any, Optional[str], Any]]) -> tuple:
    """Validate parsed predicates (``filter.New`` then ``NewWithKeyMap``); return them normalised."""
    for op, key, kind, _ in parsed:
        go_type = f"*api.Predicate_{_VALUE_KINDS[kind]}" if kind else "<nil>"
        if op == "IN":
            if kind is not None and kind not in _ARRAY_KINDS:
                raise _invalid(f"cannot use IN operator with scalar type {go_type}")
        elif op in _SCALAR_SQL:
            if kind in _ARRAY_KINDS:
                raise _invalid(f"cannot use scalar operator {op} on array type {go_type}")
        elif op == "IS_SUBSTRING":
            if kind != "string_value":
                raise _invalid(f"cannot use non string value type {go_type} with operator {op}")
        else:
            raise _invalid(f"invalid predicate operation: {op}")
        if kind is None:
            raise _invalid(f"no value set for predicate on key {go_quote(key)}")
    for _, key, _, _ in parsed:
        if key not in spec.keys:
            raise _invalid(f"no support for filtering on unrecognized field {go_quote(key)}")
    return tuple((key, op, kind, value) for op, key, kind, value in parsed)


def _parse_filter(raw: Optional[str]) -> list:
    if not raw:
        return []
    try:
        parsed = _parse_filter_text(raw)
    except _ParseError as exc:
        raise _invalid(f"failed to parse valid filter from {go_quote(raw)}: {exc}") from None
    return parsed


# --------------------------------------------------------------------------------------------
# filter: predicates -> SQL

_NUMERIC_PREFIX = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _as_number(text: str) -> Any:
    """MySQL's string-to-number conversion: the leading numeric part, else 0."""
    m = _NUMERIC_PREFIX.match(text)
    if not m:
        return 0
    number = float(m.group(0))
    return int(number) if number.is_integer() and abs(number) < 2**63 else number


def _sql_value(column: Column, kind: str, value: Any) -> Any:
    if kind.startswith("string"):
        value = column.aliases.get(value, value)
        if column.kind != "text":
            return _as_number(value)
        return value
    if column.kind == "text":
        return str(value)
    return value


def _predicate_sql(spec: ListSpec, pred: Tuple[str, str, str, Any]) -> Tuple[str, List[Any]]:
    key, op, kind, value = pred
    return _column_predicate_sql(spec.keys[key], spec.keys[key].sql, op, kind, value)


def _column_predicate_sql(column: Column, sql: str, op: str, kind: str, value: Any) -> Tuple[str, List[Any]]:
    """One predicate on ``column`` (its aliases and kind), applied to the expression ``sql``."""
    expr = f"({sql})"
    if op == "IN":
        if not value:
            return "0", []
        values = [_sql_value(column, kind, v) for v in value]
        return f"{expr} IN ({','.join('?' * len(values))})", values
    if op == "IS_SUBSTRING":
        # No escaping on purpose: the real server passes % and _ through to LIKE.
        return f"{expr} LIKE ?", [f"%{column.aliases.get(value, value)}%"]
    return f"{expr} {_SCALAR_SQL[op]} ?", [_sql_value(column, kind, value)]


# --------------------------------------------------------------------------------------------
# page token


def _encode_token(spec: ListSpec, crit: _Criteria, sort_value: Any, pk_value: Any) -> str:
    doc = {
        "SortByFieldName": crit.sort,
        "SortByFieldValue": sort_value,
        "KeyFieldName": spec.pk,
        "KeyFieldValue": pk_value,
        "IsDesc": crit.desc,
        "Model": spec.model,
        "Filter": [list(p) for p in crit.predicates],
    }
    return base64.b64encode(json.dumps(doc, separators=(",", ":")).encode()).decode("ascii")


def _carried_value(kind: str, value: Any) -> Any:
    """A predicate value as stored in a token, checked again (timestamps are already seconds)."""
    if kind in _ARRAY_KINDS:
        if not isinstance(value, list):
            raise ValueError("bad filter values")
        return [_scalar(v, kind[:-1]) for v in value]
    if kind == "timestamp_value":
        return _int_value(value, _INT64, "timestamp")
    return _scalar(value, kind)


def _decode_token(spec: ListSpec, token: str) -> Tuple[_Criteria, Any, Any]:
    """``(criteria, cursor sort value, cursor pk)`` of a token, or 400 ``Invalid package token``."""
    try:
        doc = json.loads(base64.b64decode(token.encode("ascii"), validate=True))
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise _bad_token(str(exc)) from None
    if not isinstance(doc, dict):
        raise _bad_token("the token is not a JSON object")
    try:
        sort, desc, preds = doc["SortByFieldName"], doc["IsDesc"], doc["Filter"]
        sort_value, pk_value = doc["SortByFieldValue"], doc["KeyFieldValue"]
        if doc["Model"] != spec.model:
            raise ValueError(f"token of model {doc['Model']!r} used to list {spec.model}")
        if not isinstance(desc, bool) or not isinstance(sort, str):
            raise ValueError("bad sort fields")
        if _parse_sort(spec, sort) != (sort, False):
            raise ValueError(f"bad sort field {sort!r}")
        for cursor_value in (sort_value, pk_value):
            if isinstance(cursor_value, bool) or not isinstance(cursor_value, (str, int, float, type(None))):
                raise ValueError("bad cursor values")
            if isinstance(cursor_value, int) and not _INT64[0] <= cursor_value <= _INT64[1]:
                raise ValueError("cursor value out of range")
        sort_value, pk_value = (_text(v) if isinstance(v, str) else v for v in (sort_value, pk_value))
        if not isinstance(preds, list) or not all(isinstance(p, list) and len(p) == 4 for p in preds):
            raise ValueError("bad filter")
        # Re-validate the carried filter exactly like a fresh one.
        checked = tuple(
            (key, op, kind, _carried_value(kind, value))
            for key, op, kind, value in _check_predicates(spec, [(o, k, t, v) for k, o, t, v in preds])
        )
    except (KeyError, TypeError, ValueError, _ParseError, StubError) as exc:
        raise _bad_token(str(exc)) from None
    return _Criteria(sort, desc, checked), sort_value, pk_value


# --------------------------------------------------------------------------------------------
# count cache

_MAX_CACHED_CONNECTIONS = 8
_MAX_CACHED_COUNTS = 256
_cache_lock = threading.Lock()
# id(conn) -> (conn, {(sql, params): (version, count)}). The connection itself is kept so that
# its id cannot be reused by another connection while the entry exists.
_count_cache: "OrderedDict[int, Tuple[Any, OrderedDict]]" = OrderedDict()


def forget_counts(conn: Any) -> None:
    """Drop the cached ``total_size`` counts of ``conn`` (call after a ROLLBACK that undid writes)."""
    with _cache_lock:
        _count_cache.pop(id(conn), None)


def _count(conn: Any, sql: str, params: Sequence[Any]) -> int:
    version = (
        conn.execute("PRAGMA data_version").fetchone()[0],
        conn.execute("PRAGMA schema_version").fetchone()[0],
        conn.total_changes,
    )
    key = (sql, tuple(params))
    with _cache_lock:
        entry = _count_cache.get(id(conn))
        if entry is not None and entry[0] is conn:
            hit = entry[1].get(key)
            if hit is not None and hit[0] == version:
                return hit[1]
    count = conn.execute(sql, params).fetchone()[0]
    with _cache_lock:
        entry = _count_cache.get(id(conn))
        if entry is None or entry[0] is not conn:
            entry = (conn, OrderedDict())
            _count_cache[id(conn)] = entry
        _count_cache.move_to_end(id(conn))
        while len(_count_cache) > _MAX_CACHED_CONNECTIONS:
            _count_cache.popitem(last=False)
        counts = entry[1]
        counts[key] = (version, count)
        counts.move_to_end(key)
        while len(counts) > _MAX_CACHED_COUNTS:
            counts.popitem(last=False)
    return count


# --------------------------------------------------------------------------------------------
# counts from the aggregate table

#: A scope the aggregate table can answer: one ``<column> = ?`` (as the run/job scopes are).
_SCOPE_EQUALS = re.compile(r"\(?\s*([A-Za-z_][\w.]*)\s*=\s*\?\s*\)?")
#: Predicates whose matching groups are exactly the groups of the matching rows.
_GROUP_OPS = ("EQUALS", "NOT_EQUALS", "IN")


def _group_count_sql(spec: ListSpec, scope_sql: str, scope_params: Sequence[Any],
                     predicates: Sequence[Tuple[str, str, str, Any]]) -> Optional[Tuple[str, List[Any]]]:
    """``SELECT SUM(n)`` over ``spec.counts_table`` for this scope and filter, or ``None``.

    ``None`` when anything is not a column of the table or not an (in)equality: then only a
    ``COUNT(*)`` over the rows is exact. Each condition is the row query's condition with the
    row column swapped for the group column (same values, aliases and conversions); both columns
    are ``TEXT NOT NULL`` with the same collation, so a group matches exactly when its rows do.
    """
    if not spec.counts_table:
        return None
    where: List[str] = []
    params: List[Any] = []
    if scope_sql:
        m = _SCOPE_EQUALS.fullmatch(scope_sql.strip())
        if m is None or len(scope_params) != 1 or m.group(1) not in spec.counts_columns:
            return None
        where.append(f"({spec.counts_columns[m.group(1)]} = ?)")
        params.append(scope_params[0])
    conditions = []
    for key, op, kind, value in predicates:
        column = spec.keys[key]
        target = spec.counts_columns.get(column.sql)
        if target is None or column.kind != "text" or op not in _GROUP_OPS:
            return None
        sql, values = _column_predicate_sql(column, target, op, kind, value)
        conditions.append(sql)
        params.extend(values)
    if conditions:
        where.append(_all_of(conditions))
    return f"SELECT COALESCE(SUM(n), 0) FROM {spec.counts_table}{_where(where)}", params


# --------------------------------------------------------------------------------------------
# list_page


def _from_clause(select_sql: str) -> str:
    """The text after the top-level ``FROM`` of ``select_sql`` (tables and joins)."""
    depth = 0
    quote = ""
    for i, ch in enumerate(select_sql):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and re.match(r"(?i)\bfrom\b", select_sql[i:]) and (i == 0 or not select_sql[i - 1].isalnum()):
            return select_sql[i + 4:]
    raise ValueError(f"select_sql has no top-level FROM: {select_sql!r}")


def _keyset(sort_sql: str, sort_params: List[Any], pk: str, desc: bool, value: Any,
            pk_value: Any) -> Tuple[str, List[Any]]:
    """Rows at or after the cursor in the listing order (NULL sorts first, as in SQLite/MySQL)."""
    if value is None:
        if desc:
            return f"({sort_sql} IS NULL AND ({pk}) <= ?)", sort_params + [pk_value]
        return f"({sort_sql} IS NOT NULL OR ({pk}) >= ?)", sort_params + [pk_value]
    if desc:
        return (
            f"(({sort_sql}, ({pk})) <= (?, ?) OR {sort_sql} IS NULL)",
            sort_params + [value, pk_value] + sort_params,
        )
    return f"(({sort_sql}, ({pk})) >= (?, ?))", sort_params + [value, pk_value]


def _canonical(spec: ListSpec, crit: _Criteria) -> tuple:
    """Criteria by column rather than by name: the real server compares them after mapping
    names to columns, so ``id`` and ``run_id`` describe the same sort or filter."""
    def column(name: str) -> str:
        return spec.keys[name].sql if name in spec.keys else name

    return column(crit.sort), crit.desc, tuple((column(k), op, kind, v) for k, op, kind, v in crit.predicates)


def _criteria(spec: ListSpec, page_token: Optional[str], size_value: int, sort_by: Optional[str],
              filter_text: Optional[str]) -> Tuple[int, _Criteria, Any, Any, bool]:
    """Validate the request values in the real server's order (``validatedListOptions``).

    Returns ``(page size, criteria, cursor sort value, cursor pk, has cursor)``.
    """

    def fresh() -> Tuple[int, _Criteria]:
        parsed = _parse_filter(filter_text)
        size = _validated_size(size_value)
        sort, desc = _parse_sort(spec, sort_by)
        return size, _Criteria(sort, desc, _check_predicates(spec, parsed))

    if not page_token:
        size, crit = fresh()
        return size, crit, None, None, False
    crit, value, pk_value = _decode_token(spec, page_token)
    size = _validated_size(size_value)
    # Sort and filter come from the token; request values may only repeat them.
    if (sort_by or filter_text) and _canonical(spec, fresh()[1]) != _canonical(spec, crit):
        raise _invalid(
            "page token does not match the supplied sort by and/or filtering criteria. Either "
            "specify the same criteria or leave the latter empty if page token is specified"
        )
    return size, crit, value, pk_value, True


def list_page(conn: Any, spec: ListSpec, *, select_sql: str, scope_sql: str = "", scope_params: Sequence[Any] = (),
              page_token: Optional[str] = None, page_size: Any = None, sort_by: Optional[str] = None,
              filter: Optional[str] = None) -> Page:  # noqa: A002 (the API's parameter name)
    """Return one page of ``select_sql`` restricted by ``scope_sql`` and the request's filter.

    ``select_sql`` is ``SELECT <columns> FROM <tables and joins>`` with no WHERE/ORDER BY and one
    row per primary key; ``scope_sql`` is an extra condition AND-ed to the filter, with ``?``
    placeholders bound to ``scope_params``. ``page_token``, ``page_size``, ``sort_by`` and
    ``filter`` are the raw query-string values (decoded once) or ``None``. Invalid values raise
    :class:`StubError` with the real server's messages (400); list-option errors carry the
    ``Failed to create list options`` prefix in their chain, like the real server's.
    """
    size_value = _gateway_int32(page_size)
    try:
        size, crit, cursor_value, cursor_pk, has_cursor = _criteria(spec, page_token, size_value, sort_by, filter)
        from_sql = _from_clause(select_sql)
        where: List[str] = []
        params: List[Any] = []
        if scope_sql:
            where.append(f"({scope_sql})")
            params.extend(scope_params)
        conditions = []
        for pred in crit.predicates:
            sql, values = _predicate_sql(spec, pred)
            conditions.append(sql)
            params.extend(values)
        if len(params) - len(scope_params) > MAX_FILTER_VALUES:
            raise _invalid(f"the filter has too many values: at most {MAX_FILTER_VALUES} are supported")
        if conditions:
            where.append(_all_of(conditions))
    except StubError as exc:
        raise exc.wrap("Failed to create list options") from None

    grouped = _group_count_sql(spec, scope_sql, scope_params, crit.predicates)
    if grouped is not None:
        total = _count(conn, *grouped)
    else:
        total = _count(conn, f"SELECT COUNT(*) FROM {from_sql}{_where(where)}", params)

    sort_sql, sort_params = _sort_expr(spec, crit.sort)
    if has_cursor:
        sql, values = _keyset(sort_sql, sort_params, spec.pk, crit.desc, cursor_value, cursor_pk)
        where.append(sql)
        params.extend(values)
    direction = "DESC" if crit.desc else "ASC"
    order = f" ORDER BY {sort_sql} {direction}, ({spec.pk}) {direction}"
    rows = conn.execute(f"{select_sql}{_where(where)}{order} LIMIT {size}", params + sort_params).fetchall()
    token = ""
    if len(rows) == size:
        # The cursor is the row after this page. Not "LIMIT 1 OFFSET n": with an OFFSET SQLite's
        # planner may sort the whole table instead of walking the (sort, pk) index.
        keys = conn.execute(
            f"SELECT {sort_sql}, ({spec.pk}) FROM {from_sql}{_where(where)}{order} LIMIT {size + 1}",
            sort_params + params + sort_params,
        ).fetchall()
        if len(keys) > size:
            token = _encode_token(spec, crit, keys[-1][0], keys[-1][1])
    return Page(rows=list(rows), total_size=total, next_page_token=token)


def _all_of(conditions: List[str]) -> str:
    """AND of ``conditions`` as a balanced tree: a flat chain of thousands of predicates would
    exceed SQLite's expression depth limit (1000)."""
    if len(conditions) == 1:
        return conditions[0]
    half = len(conditions) // 2
    return f"({_all_of(conditions[:half])} AND {_all_of(conditions[half:])})"


def _where(parts: List[str]) -> str:
    return " WHERE " + " AND ".join(parts) if parts else ""
