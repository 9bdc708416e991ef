"""Request decoding and response encoding rules of the gateway (section 12 of the note).

Requests are read leniently, like grpc-gateway's jsonpb: unknown fields ignored, snake_case
or lowerCamelCase keys, enums by name or number, int64 as string or number, an empty body is
an empty message. Responses follow the real server's JSON: proto declaration order (callers
build dicts in that order), zero values omitted, int64 as strings, whole-second RFC 3339
timestamps with ``Z``.
"""
import datetime
import time
import json
import math
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, overload

from .errors import INVALID_ARGUMENT, StubError

_CAMEL = re.compile(r"_([a-z0-9])")
_TS = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$"
)
EPOCH = "1970-01-01T00:00:00Z"


def bad_request(message: str) -> StubError:
    """A gateway-level decoding error: 400, code 3, no ``details`` (note 1.4)."""
    return StubError(INVALID_ARGUMENT, message, None)


#: Deepest JSON nesting accepted in request bodies and JSON pipeline files. Python's decoder
#: (and every recursive walk of the value afterwards) would hit the interpreter's recursion
#: limit near 1000 levels; no KFP message comes close to this.
MAX_JSON_DEPTH = 100


class JSONTooDeep(ValueError):
    """A JSON document nested deeper than :data:`MAX_JSON_DEPTH`."""


def loads_limited(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads`` that refuses nesting deeper than ``max_depth`` with :class:`JSONTooDeep`.

    Other syntax errors raise ``json.JSONDecodeError`` (a ``ValueError``) as usual.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels") from None
    # Iterative, so that checking a deep value cannot itself overflow the stack.
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Iterable[Any] = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > max_depth:
            raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels")
        stack.extend((child, depth + 1) for child in children)
    return value


def decode_body(raw: bytes) -> Dict[str, Any]:
    """Parse a JSON request body into a dict; an empty body is the empty message."""
    if not raw or not raw.strip():
        return {}
    try:
        value = loads_limited(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise bad_request("invalid UTF-8 in request body") from None
    except JSONTooDeep as exc:
        raise bad_request(f"request body rejected: {exc}") from None
    except ValueError as exc:
        raise bad_request(f"invalid character in request body: {exc}") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request(f"json: cannot unmarshal {_kind(value)} into a message object")
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def camel(name: str) -> str:
    """``pipeline_spec`` -> ``pipelineSpec``."""
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


def get(msg: Optional[Mapping[str, Any]], name: str) -> Any:
    """Field ``name`` (snake_case proto name) of a decoded message, also under its camelCase JSON name."""
    if not msg:
        return None
    value = msg.get(name)
    if value is None:
        value = msg.get(camel(name))
    return value


def message(msg: Optional[Mapping[str, Any]], name: str) -> Dict[str, Any]:
    """A sub-message field; absent/null -> ``{}``; anything but an object -> 400."""
    value = get(msg, name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request(f"json: cannot unmarshal {_kind(value)} into field {name} of type object")
    return value


def messages(msg: Optional[Mapping[str, Any]], name: str) -> List[Dict[str, Any]]:
    """A repeated message field as a list of dicts."""
    value = get(msg, name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise bad_request(f"json: cannot unmarshal {_kind(value)} into repeated field {name}")
    for item in value:
        if not isinstance(item, dict):
            raise bad_request(f"json: cannot unmarshal {_kind(item)} into an element of {name}")
    return value


def string(msg: Optional[Mapping[str, Any]], name: str) -> str:
    """A string field ('' when absent)."""
    value = get(msg, name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad_request(f"json: cannot unmarshal {_kind(value)} into field {name} of type string")
    return value


def boolean(msg: Optional[Mapping[str, Any]], name: str) -> bool:
    """A bool field (``true``/``false``; the strings are accepted too, as jsonpb does)."""
    value = get(msg, name)
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise bad_request(f"json: cannot unmarshal {_kind(value)} into field {name} of type bool")


def integer(msg: Optional[Mapping[str, Any]], name: str, bits: int = 64) -> int:
    """An int32/int64 field given as a JSON number or a decimal string."""
    value = get(msg, name)
    if value is None or value == "":
        return 0
    return to_int(value, name, bits)


def to_int(value: Any, name: str, bits: int = 64) -> int:
    """Convert a JSON number/string to an integer of ``bits`` bits, or 400."""
    result: Optional[int] = None
    if isinstance(value, bool):
        result = None
    elif isinstance(value, int):
        result = value
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        result = int(value.strip())
    if result is None:
        raise bad_request(f"invalid value {json.dumps(value)} for integer field {name}")
    limit = 1 << (bits - 1)
    if not -limit <= result < limit:
        raise bad_request(f"value {result} out of range for int{bits} field {name}")
    return result


def number(msg: Optional[Mapping[str, Any]], name: str) -> float:
    """A double field (number, numeric string, or ``NaN``/``Infinity``/``-Infinity``)."""
    value = get(msg, name)
    if value is None:
        return 0.0
    if isinstance(value, bool):
        raise bad_request(f"json: cannot unmarshal bool into field {name} of type double")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
    raise bad_request(f"invalid value {json.dumps(value)} for double field {name}")


def enum(msg: Optional[Mapping[str, Any]], name: str, values: Sequence[str]) -> str:
    """An enum field by name or number; absent -> the zero value (``values[0]``)."""
    value = get(msg, name)
    if value is None:
        return values[0]
    if isinstance(value, str) and value in values:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(values):
        return values[value]
    raise bad_request(f"unknown value {json.dumps(value)} for enum field {name}")


def timestamp(msg: Optional[Mapping[str, Any]], name: str) -> int:
    """A google.protobuf.Timestamp field (RFC 3339 string) as unix seconds (fraction dropped); 0 if absent."""
    value = get(msg, name)
    if value is None or value == "":
        return 0
    return parse_time(value, name)


#: The range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
MIN_TIME = -62135596800
MAX_TIME = 253402300799
_EPOCH_DT = datetime.datetime(1970, 1, 1)


def parse_time(value: Any, name: str = "timestamp") -> int:
    """RFC 3339 -> unix seconds (fraction dropped), or 400."""
    m = _TS.match(value) if isinstance(value, str) else None
    if not m:
        raise bad_request(f"bad Timestamp: {json.dumps(value)} in field {name} is not an RFC 3339 timestamp")
    y, mo, d, h, mi, s, _frac, tz = m.groups()
    try:
        if int(h) > 23 or int(mi) > 59 or int(s) > 59:
            raise ValueError("time of day out of range")
        secs = int((datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s)) - _EPOCH_DT).total_seconds())
    except (ValueError, OverflowError):
        raise bad_request(f"bad Timestamp: {json.dumps(value)} in field {name} is out of range") from None
    if tz not in ("Z", "z"):
        sign = 1 if tz[0] == "+" else -1
        if int(tz[1:3]) > 23 or int(tz[4:6]) > 59:
            raise bad_request(f"bad Timestamp: {json.dumps(value)} in field {name} has a bad UTC offset")
        secs -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    if not MIN_TIME <= secs <= MAX_TIME:
        raise bad_request(f"bad Timestamp: {json.dumps(value)} in field {name} is out of range")
    return secs


@overload
def ts(seconds: int) -> str: ...


@overload
def ts(seconds: None) -> None: ...


@overload
def ts(seconds: Optional[int]) -> Optional[str]: ...


def ts(seconds: Optional[int]) -> Optional[str]:
    """Unix seconds -> ``YYYY-MM-DDTHH:MM:SSZ`` (None stays None, so the key is omitted)."""
    if seconds is None:
        return None
    text = _TS_TEXT.get(seconds)
    if text is not None:
        return text
    if len(_TS_TEXT) >= 4096:  # bounded: resources created close together share their seconds
        _TS_TEXT.clear()
    text = _TS_TEXT[seconds] = _ts_text(seconds)
    return text


#: Formatted timestamps by unix second (see :func:`ts`).
_TS_TEXT: Dict[int, str] = {}


def _ts_text(seconds: int) -> str:
    if 0 <= seconds < 253402300800:
        t = time.gmtime(seconds)
        return (f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T"
                f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}Z")
    dt = _EPOCH_DT + datetime.timedelta(seconds=int(seconds))
    return (f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T"
            f"{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}Z")


def obj(**fields: Any) -> Dict[str, Any]:
    """A response message: keys in the given (declaration) order, zero scalars/lists omitted.

    Sub-messages (dicts) are kept even when empty, as jsonpb emits non-null sub-messages.
    Falsy values are exactly the proto zero values (None, False, "", 0, 0.0, []), plus ``{}``.
    """
    return {k: v for k, v in fields.items() if v or v.__class__ is dict}


def double(value: float) -> Any:
    """A double for a response: NaN and infinities as the strings jsonpb writes."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


#: One encoder for every response: ``json.dumps`` with non-default options builds a new one per call.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def encode(value: Any) -> bytes:
    """Compact JSON bytes, as the gateway writes them."""
    return _ENCODER.encode(value).encode("utf-8")


def ref(rtype: str, rid: str, relationship: str) -> Dict[str, Any]:
    """A response ``apiResourceReference`` (``name`` is never returned, note 5.4)."""
    return {"key": obj(type=rtype, id=rid), "relationship": relationship}


def find_refs(msg: Mapping[str, Any], rtype: str, relationship: Optional[str] = None) -> Iterable[str]:
    """Ids of the request's ``resource_references`` of ``rtype`` (and ``relationship``), in order."""
    for reference in messages(msg, "resource_references"):
        key = message(reference, "key")
        kind = enum(key, "type", RESOURCE_TYPES)
        if kind != rtype:
            continue
        if relationship is not None and enum(reference, "relationship", RELATIONSHIPS) != relationship:
            continue
        yield string(key, "id")


RESOURCE_TYPES = ("UNKNOWN_RESOURCE_TYPE", "EXPERIMENT", "JOB", "PIPELINE", "PIPELINE_VERSION", "NAMESPACE")
RELATIONSHIPS = ("UNKNOWN_RELATIONSHIP", "OWNER", "CREATOR")
