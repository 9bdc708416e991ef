"""The one base of all generated models, and the one place for JSON <-> Python conversions.

Generated model modules (``kfp_server_api/models/*.py``) hold data only: field names, JSON
names, wire types and docs. Everything a model does lives here:

* construction with validation (:meth:`Model._init`, called by the generated ``__init__``),
* decoding JSON-ready data into models (:func:`decode`, :meth:`Model.from_json`): lenient
  (unknown fields are kept, unknown enum values are kept, ``null`` is absent) but shape-checked,
  raising :class:`DecodeError` that names the path of the bad value,
* encoding models and plain values into JSON-ready data (:func:`to_jsonable`,
  :meth:`Model.to_json`): strict, raising ``ApiTypeError`` / ``ApiValueError``.

Wire types of fields (``Model._wire_types``) are small strings: ``str``, ``int32``, ``int64``,
``double``, ``bool``, ``datetime``, ``bytes``, ``object`` (a ``google.protobuf.Value``: any
JSON value), ``struct`` (a JSON object), ``listvalue`` (a JSON array), ``enum:<Class>``,
``model:<Class>``, ``list:<wire type>`` and ``map:<wire type>``.

Decoders and encoders are compiled once per model class on first use into straight-line
functions (one ``d.get`` per field with its converter pre-bound): decoding a large list
response costs a small multiple of ``json.loads``, not a type-string walk per value. Encoders
inline nested models of their field's exact class, copy JSON values (protobuf Value maps such
as ``runtime_config.parameters``) with ``dict.copy``/``list.copy`` plus one type test per
value, and write decoded timestamps from the text derived once at decode time while the field
still holds that datetime; every value is still checked, so writing stays strict.
"""
from __future__ import annotations  # annotations stay strings: a cheaper import

import base64
import binascii
import datetime as _dt
import importlib
import math
import re
import sys
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

__all__ = [
    "Model",
    "EnumModel",
    "DecodeError",
    "UnknownEnumValue",
    "decode",
    "to_jsonable",
    "parse_datetime",
    "format_datetime",
    "ProtobufValueModel",
    "ProtobufStructModel",
    "ProtobufListValueModel",
    "ProtobufAnyModel",
]


# --------------------------------------------------------------------------------------------
# Errors


def _api_type_error(msg: str) -> Exception:
    # Imported lazily: exceptions.py belongs to the runtime, and model_base must import (and
    # raise sensible errors) even while it does not exist yet.
    try:
        from kfp_server_api.exceptions import ApiTypeError
    except ImportError:  # pragma: no cover - only before the runtime exists
        return TypeError(msg)
    return ApiTypeError(msg)


def _api_value_error(msg: str) -> Exception:
    try:
        from kfp_server_api.exceptions import ApiValueError
    except ImportError:  # pragma: no cover - only before the runtime exists
        return ValueError(msg)
    return ApiValueError(msg)


class DecodeError(ValueError):
    """JSON data does not have the shape the API contract gives it.

    ``path`` names the bad value from the decoded type down, e.g.
    ``ApiListRunsResponse.runs[3].created_at``; ``reason`` says what was wrong. ``str()`` of
    the error is ``"<path>: <reason>"``.
    """

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def _prepend(self, segment: str) -> None:
        self.path = segment + self.path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason

    def __reduce__(self) -> Tuple[Any, ...]:
        return (DecodeError, (self.reason, self.path))


def _show(v: Any) -> str:
    """A short description of a bad value for error messages."""
    if v is None:
        return "null"
    if isinstance(v, dict):
        return "an object"
    if isinstance(v, list):
        return "an array"
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."


class UnknownEnumValue(str):
    """An enum value read from the server that this client does not know.

    Reading keeps it (a newer server may have added values) and writing sends it back
    unchanged; values set by user code must be one of the allowed values.
    """

    __slots__ = ()

    def __reduce__(self) -> Tuple[Any, ...]:
        return (UnknownEnumValue, (str(self),))


# --------------------------------------------------------------------------------------------
# Timestamps

_UTC = _dt.timezone.utc
_RFC3339_PATTERN = (
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))\Z"
)
# Python 3.11 parses every RFC 3339 form we meet (Z, offsets, 0-9 fractional digits) in C.
_FROMISO = _dt.datetime.fromisoformat if sys.version_info >= (3, 11) else None


def _parse_rfc3339_slow(s: str) -> Optional[_dt.datetime]:
    # re caches compiled patterns; compiling lazily keeps the import cheap on 3.11+.
    m = re.match(_RFC3339_PATTERN, s)
    if m is None:
        return None
    y, mo, d, h, mi, sec, frac, z, sign, oh, om = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    if z:
        tz = _UTC
    else:
        off = _dt.timedelta(hours=int(oh), minutes=int(om))
        tz = _dt.timezone(-off if sign == "-" else off) if off else _UTC
    try:
        return _dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), micro, tz)
    except ValueError:
        return None


def parse_datetime(s: str) -> Optional[_dt.datetime]:
    """Parse an RFC 3339 timestamp into an aware datetime; ``None`` when it is not one.

    Fractional seconds beyond microseconds (the server sends nanoseconds) are truncated.
    """
    if _FROMISO is not None:
        try:
            v = _FROMISO(s)
        except ValueError:
            v = None
        if v is not None and v.tzinfo is not None and len(s) > 10:
            return v
    return _parse_rfc3339_slow(s)


def format_datetime(v: _dt.datetime) -> str:
    """RFC 3339 text of a datetime: UTC as ``Z``, naive values taken as UTC."""
    tz = v.tzinfo
    if v.__class__ is _dt.datetime and (tz is _UTC or tz is None):
        return (_DAY_TEXT.get(v.toordinal()) or _day_text(v)) + v.time().isoformat() + "Z"
    if tz is None:
        return v.isoformat() + "Z"
    if tz is _UTC:
        return v.isoformat()[:-6] + "Z"
    off = v.utcoffset()
    if not off or off.seconds % 60 or off.microseconds:
        # RFC 3339 offsets are whole minutes: anything else is sent in UTC.
        return (v - off if off else v).replace(tzinfo=None).isoformat() + "Z"
    return v.isoformat()


def _time_text(v: _dt.datetime, s: str) -> Optional[str]:
    """``format_datetime(v)`` derived from ``s``, the RFC 3339 text ``v`` was parsed from;
    None when ``s`` is not in the canonical UTC form (``YYYY-MM-DDTHH:MM:SS[.digits]Z``)."""
    # ``s`` parsed, so its digits are digits: the separators in their places (which rule out
    # week dates, basic format, offsets, other separators) and ASCII make it canonical.
    n = len(s)
    if (n < 20 or s[-1] != "Z" or s[10] != "T" or s[19] not in ".Z" or s[13] != ":" or s[16] != ":"
            or s[4] != "-" or s[7] != "-" or not s.isascii()):
        return None
    if n == 20:
        return s
    if not v.microsecond:
        return s[:19] + "Z"
    if n == 27:
        return s
    # Fractions are written with six digits: nanoseconds truncated, milliseconds padded.
    return (s[:-1] + "000000")[:26] + "Z"


# ``YYYY-MM-DDT`` by proleptic ordinal. An aware ``isoformat()`` calls the tzinfo to format an
# offset that is then cut off again: the date text of each day (runs of a page share a few
# days) plus ``time().isoformat()`` costs half as much and gives the same text.
_DAY_TEXT: Dict[int, str] = {}
_DAY_TEXT_MAX = 4096


def _day_text(v: _dt.datetime) -> str:
    if len(_DAY_TEXT) >= _DAY_TEXT_MAX:
        _DAY_TEXT.clear()
    text = _DAY_TEXT[v.toordinal()] = v.date().isoformat() + "T"
    return text


# --------------------------------------------------------------------------------------------
# Class registry: wire types name classes; resolve them lazily so that model modules never
# import each other (importing one model stays cheap).

_CLASS_CACHE: Dict[str, type] = {}


def _class_for(name: str) -> type:
    cls = _CLASS_CACHE.get(name)
    if cls is None:
        from kfp_server_api._exports import MODELS

        module = MODELS.get(name)
        if module is None:
            raise ValueError(f"unknown model class name {name!r}")
        cls = getattr(importlib.import_module(module), name)
        _CLASS_CACHE[name] = cls
    return cls


# --------------------------------------------------------------------------------------------
# Scalar converters. Three families: _d_* decode wire values (raise DecodeError without path),
# _e_* encode Python values to the wire and _i_* check constructor arguments; the latter two
# take ``where`` ("ApiRun.created_at") for their ApiTypeError / ApiValueError messages.

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_NUMERIC_WORDS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _d_str(v: Any) -> str:
    if isinstance(v, str):
        return v
    raise DecodeError(f"expected a string, got {_show(v)}")


def _int_range_decoder(bits: int) -> Callable[[Any], int]:
    lo, hi = _INT32 if bits == 32 else _INT64

    def dec(v: Any) -> int:
        if v.__class__ is int:
            r = v
        elif isinstance(v, bool):
            raise DecodeError(f"expected an integer, got {_show(v)}")
        elif isinstance(v, int):
            r = int(v)
        elif isinstance(v, float) and v.is_integer():
            r = int(v)
        elif isinstance(v, str):
            try:
                r = int(v.strip())
            except ValueError:
                raise DecodeError(f"expected an integer, got {_show(v)}") from None
        else:
            raise DecodeError(f"expected an integer, got {_show(v)}")
        if not lo <= r <= hi:
            raise DecodeError(f"integer {r} does not fit in int{bits}")
        return r

    return dec


_d_int32 = _int_range_decoder(32)
_d_int64 = _int_range_decoder(64)


def _d_double(v: Any) -> float:
    if v.__class__ is float:
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        try:
            return float(v)
        except OverflowError:
            raise DecodeError(f"number {_show(v)} is out of range for a double") from None
    if isinstance(v, str):
        w = _NUMERIC_WORDS.get(v)
        if w is not None:
            return w
        try:
            return float(v)
        except ValueError:
            pass
    raise DecodeError(f"expected a number, got {_show(v)}")


def _d_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    raise DecodeError(f"expected true or false, got {_show(v)}")


def _d_datetime(v: Any) -> _dt.datetime:
    if isinstance(v, str):
        r = parse_datetime(v)
        if r is not None:
            return r
    raise DecodeError(f"expected an RFC 3339 timestamp, got {_show(v)}")


def _b64decode(v: str) -> Optional[bytes]:
    # Protobuf JSON accepts standard and URL-safe alphabets, with or without padding.
    s = v.strip()
    if "-" in s or "_" in s:
        s = s.replace("-", "+").replace("_", "/")
    s += "=" * (-len(s) % 4)
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None


def _d_bytes(v: Any) -> bytes:
    if isinstance(v, str):
        r = _b64decode(v)
        if r is not None:
            return r
    raise DecodeError(f"expected base64 data, got {_show(v)}")


def _d_object(v: Any) -> Any:
    return v


def _d_struct(v: Any) -> Dict[str, Any]:
    if isinstance(v, dict):
        return v
    raise DecodeError(f"expected an object, got {_show(v)}")


def _d_listvalue(v: Any) -> List[Any]:
    if isinstance(v, list):
        return v
    raise DecodeError(f"expected an array, got {_show(v)}")


def _d_date(v: Any) -> _dt.date:
    if isinstance(v, str):
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise DecodeError(f"expected a date (YYYY-MM-DD), got {_show(v)}")


def _type_name(v: Any) -> str:
    return type(v).__name__


def _e_str(where: str) -> Callable[[Any], str]:
    def enc(v: Any) -> str:
        if isinstance(v, str):
            return str(v)
        raise _api_type_error(f"{where}: expected str, got {_type_name(v)} {_show(v)}")

    return enc


def _check_int(v: Any, where: str, bits: int, allow_str: bool) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        if allow_str and isinstance(v, str):
            try:
                v = int(v.strip())
            except ValueError:
                raise _api_value_error(f"{where}: expected an integer, got {_show(v)}") from None
        else:
            raise _api_type_error(f"{where}: expected int, got {_type_name(v)} {_show(v)}")
    lo, hi = _INT32 if bits == 32 else _INT64
    if not lo <= v <= hi:
        raise _api_value_error(f"{where}: {v} does not fit in int{bits}")
    return int(v)


def _check_float(v: Any, where: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _api_type_error(f"{where}: expected float, got {_type_name(v)} {_show(v)}")
    try:
        return float(v)
    except OverflowError:
        raise _api_value_error(f"{where}: {_show(v)} is out of range for a double") from None


def _check_bool(v: Any, where: str) -> bool:
    if not isinstance(v, bool):
        raise _api_type_error(f"{where}: expected bool, got {_type_name(v)} {_show(v)}")
    return v


def _check_datetime(v: Any, where: str) -> _dt.datetime:
    if isinstance(v, _dt.datetime):
        return v
    if isinstance(v, str):
        r = parse_datetime(v)
        if r is None:
            raise _api_value_error(f"{where}: expected an RFC 3339 timestamp, got {_show(v)}")
        return r
    raise _api_type_error(f"{where}: expected datetime or RFC 3339 str, got {_type_name(v)}")


def _check_bytes(v: Any, where: str) -> bytes:
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v)
    raise _api_type_error(f"{where}: expected bytes, got {_type_name(v)} {_show(v)}")


def _check_enum(v: Any, where: str, allowed: Tuple[str, ...], known: frozenset) -> str:
    if not isinstance(v, str):
        raise _api_type_error(f"{where}: expected str (one of {', '.join(allowed)}), got {_type_name(v)}")
    if v in known or isinstance(v, UnknownEnumValue):
        return v
    raise _api_value_error(f"{where}: invalid value {v!r}, must be one of {', '.join(allowed)}")


def _encode_float(f: float) -> Any:
    if f != f:
        return "NaN"
    if f in (math.inf, -math.inf):
        return "Infinity" if f > 0 else "-Infinity"
    return f


# --------------------------------------------------------------------------------------------
# Converter factories per wire type.


def _enum_class(wire: str) -> Any:
    return _class_for(wire[5:])


def _decoder_for(wire: str) -> Callable[[Any], Any]:
    """Decoder (wire value -> Python, raising DecodeError without root) for a wire type."""
    simple = _SIMPLE_DECODERS.get(wire)
    if simple is not None:
        return simple
    if wire.startswith("enum:"):
        known = _enum_class(wire)._known

        def dec_enum(v: Any) -> str:
            if v.__class__ is str and v in known:
                return v
            if isinstance(v, str):
                return v if v in known else UnknownEnumValue(v)
            raise DecodeError(f"expected an enum string, got {_show(v)}")

        return dec_enum
    if wire.startswith("model:"):
        return _model_decoder(_class_for(wire[6:]))
    if wire.startswith("list:"):
        return _list_decoder(_decoder_for(wire[5:]))
    if wire == "map:object":
        return _d_struct  # every JSON value is a valid protobuf Value: keep the object as read
    if wire.startswith("map:"):
        return _map_decoder(_decoder_for(wire[4:]))
    raise ValueError(f"unknown wire type {wire!r}")


def _list_decoder(item: Callable[[Any], Any]) -> Callable[[Any], List[Any]]:
    def dec_list(v: Any) -> List[Any]:
        if v.__class__ is not list:
            if not isinstance(v, (list, tuple)):
                raise DecodeError(f"expected an array, got {_show(v)}")
        try:
            return [item(x) for x in v]
        except DecodeError:
            pass
        # The failure path only: find the index to name it in the error.
        for i, x in enumerate(v):
            try:
                item(x)
            except DecodeError as e:
                e._prepend(f"[{i}]")
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    return dec_list


def _map_decoder(item: Callable[[Any], Any]) -> Callable[[Any], Dict[str, Any]]:
    def dec_map(v: Any) -> Dict[str, Any]:
        if not isinstance(v, dict):
            raise DecodeError(f"expected an object, got {_show(v)}")
        out = {}
        for k, x in v.items():
            try:
                out[k] = item(x)
            except DecodeError as e:
                e._prepend(f"[{k!r}]")
                raise
        return out

    return dec_map


_SIMPLE_DECODERS: Dict[str, Callable[[Any], Any]] = {
    "str": _d_str,
    "int32": _d_int32,
    "int64": _d_int64,
    "double": _d_double,
    "bool": _d_bool,
    "datetime": _d_datetime,
    "bytes": _d_bytes,
    "object": _d_object,
    "struct": _d_struct,
    "listvalue": _d_listvalue,
}


def _encoder_for(wire: str, where: str) -> Callable[[Any], Any]:
    """Strict encoder (Python value -> JSON-ready) for a wire type."""
    if wire == "str":
        return _e_str(where)
    if wire in ("int32", "int64"):
        bits = 32 if wire == "int32" else 64
        if bits == 32:
            return lambda v: _check_int(v, where, 32, False)
        return lambda v: str(_check_int(v, where, 64, True))
    if wire == "double":
        return lambda v: _encode_float(_check_float(v, where))
    if wire == "bool":
        return lambda v: _check_bool(v, where)
    if wire == "datetime":
        return lambda v: format_datetime(_check_datetime(v, where))
    if wire == "bytes":
        return lambda v: base64.b64encode(_check_bytes(v, where)).decode("ascii")
    if wire == "object":
        return lambda v: _jsonable(v, where)
    if wire == "struct":

        def enc_struct(v: Any) -> Dict[str, Any]:
            if isinstance(v, ProtobufStructModel):
                v = v.fields or {}
            if not isinstance(v, dict):
                raise _api_type_error(f"{where}: expected dict, got {_type_name(v)}")
            return _jsonable(v, where)

        return enc_struct
    if wire == "listvalue":

        def enc_listvalue(v: Any) -> List[Any]:
            if isinstance(v, ProtobufListValueModel):
                v = v.values or []
            if not isinstance(v, (list, tuple)):
                raise _api_type_error(f"{where}: expected list, got {_type_name(v)}")
            return _jsonable(v, where)

        return enc_listvalue
    if wire.startswith("model:"):
        mcls = _class_for(wire[6:])

        def enc_model(v: Any) -> Any:
            if isinstance(v, mcls):
                return _model_encoder(type(v))(v)
            if isinstance(v, dict):
                return _model_encoder(mcls)(_model_from_kwargs(mcls, v))
            raise _api_type_error(f"{where}: expected {mcls.__name__}, got {_type_name(v)}")

        return enc_model
    if wire == "map:object":

        def enc_json_map(v: Any) -> Dict[str, Any]:
            if not isinstance(v, dict):
                raise _api_type_error(f"{where}: expected dict, got {_type_name(v)}")
            return _json_dict(v, where)

        return enc_json_map
    return _shared_converter(wire, where, _encoder_for)


def _shared_converter(
    wire: str, where: str, factory: Callable[[str, str], Callable[[Any], Any]]
) -> Callable[[Any], Any]:
    """Enum, list and map converters: the same for encoding and for constructor arguments,
    except for how items are converted (``factory``)."""
    if wire.startswith("enum:"):
        cls = _enum_class(wire)
        return lambda v: _check_enum(v, where, cls.allowable_values, cls._known)
    if wire.startswith("list:"):
        item = factory(wire[5:], where + "[]")

        def conv_list(v: Any) -> List[Any]:
            if not isinstance(v, (list, tuple)):
                raise _api_type_error(f"{where}: expected list, got {_type_name(v)}")
            return [item(x) for x in v]

        return conv_list
    if wire.startswith("map:"):
        item = factory(wire[4:], where + "[]")

        def conv_map(v: Any) -> Dict[str, Any]:
            if not isinstance(v, dict):
                raise _api_type_error(f"{where}: expected dict, got {_type_name(v)}")
            return {_check_key(k, where): item(x) for k, x in v.items()}

        return conv_map
    raise ValueError(f"unknown wire type {wire!r}")


def _check_key(k: Any, where: str) -> str:
    if not isinstance(k, str):
        raise _api_type_error(f"{where}: map keys must be str, got {_type_name(k)}")
    return k


def _init_converter_for(wire: str, where: str) -> Callable[[Any], Any]:
    """Constructor-argument check/conversion for a wire type (raises ApiTypeError/ApiValueError)."""
    if wire == "str":

        def init_str(v: Any) -> str:
            if isinstance(v, str):
                return v
            raise _api_type_error(f"{where}: expected str, got {_type_name(v)} {_show(v)}")

        return init_str
    if wire == "int32":
        return lambda v: _check_int(v, where, 32, False)
    if wire == "int64":
        # The older generated client typed int64 fields as str: accept numeric strings.
        return lambda v: _check_int(v, where, 64, True)
    if wire == "double":
        return lambda v: _check_float(v, where)
    if wire == "bool":
        return lambda v: _check_bool(v, where)
    if wire == "datetime":
        return lambda v: _check_datetime(v, where)
    if wire == "bytes":
        return lambda v: _check_bytes(v, where)
    if wire == "object":
        return lambda v: v
    if wire == "struct":

        def init_struct(v: Any) -> Dict[str, Any]:
            if isinstance(v, ProtobufStructModel):
                return dict(v.fields or {})
            if isinstance(v, dict):
                return v
            raise _api_type_error(f"{where}: expected dict, got {_type_name(v)}")

        return init_struct
    if wire == "listvalue":

        def init_listvalue(v: Any) -> List[Any]:
            if isinstance(v, ProtobufListValueModel):
                return list(v.values or [])
            if isinstance(v, (list, tuple)):
                return list(v)
            raise _api_type_error(f"{where}: expected list, got {_type_name(v)}")

        return init_listvalue
    if wire.startswith("model:"):
        mcls = _class_for(wire[6:])

        def init_model(v: Any) -> Any:
            if isinstance(v, mcls):
                return v
            if isinstance(v, dict):
                return _model_from_kwargs(mcls, v)
            raise _api_type_error(f"{where}: expected {mcls.__name__} or dict, got {_type_name(v)}")

        return init_model
    return _shared_converter(wire, where, _init_converter_for)


def _model_from_kwargs(cls: Any, d: Dict[str, Any]) -> "Model":
    """Build a model from a dict keyed by attribute names (JSON names are accepted too)."""
    by_json = {j: a for a, j in cls.attribute_map.items()}
    kw = {}
    for k, v in d.items():
        if not isinstance(k, str):
            raise _api_type_error(f"{cls.__name__}: dict keys must be str, got {_type_name(k)}")
        kw[k if k in cls.attribute_map else by_json.get(k, k)] = v
    return cls(**kw)


# --------------------------------------------------------------------------------------------
# Per-class compiled decoders / encoders / constructor converters.

_DECODERS: Dict[type, Callable[[Any], Any]] = {}
_ENCODERS: Dict[type, Callable[[Any], Any]] = {}
_INIT: Dict[type, Tuple[Tuple[str, Callable[[Any], Any]], ...]] = {}
_COMPILING: set = set()
_LOCK = threading.RLock()


def _cached_codec(cache: Dict[type, Callable[[Any], Any]], cls: type, custom_name: str,
                  compiler: Callable[[type], Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """The decoder/encoder of a class from ``cache``, compiled on first use.

    Classes with a custom wire form (the protobuf well-known types) provide ``custom_name``
    instead of being compiled.
    """
    fn = cache.get(cls)
    if fn is not None:
        return fn
    with _LOCK:
        fn = cache.get(cls)
        if fn is not None:
            return fn
        key = (id(cache), cls)
        if key in _COMPILING:
            # A model that (indirectly) contains itself: bind late.
            return lambda v: cache[cls](v)
        _COMPILING.add(key)
        try:
            custom = getattr(cls, custom_name, None)
            fn = custom if custom is not None else compiler(cls)
            cache[cls] = fn
        finally:
            _COMPILING.discard(key)
    return fn


def _model_decoder(cls: type) -> Callable[[Any], Any]:
    return _cached_codec(_DECODERS, cls, "_custom_decode", _compile_decoder)


def _compile_decoder(cls: Any) -> Callable[[Any], Any]:
    ns: Dict[str, Any] = {
        "DecodeError": DecodeError,
        "_new": object.__new__,
        "cls": cls,
        "_show": _show,
        "KNOWN": frozenset(cls.attribute_map.values()),
        "_time_text": _time_text,
    }
    lines = [
        "def decode(d):",
        "    if d.__class__ is not dict:",
        "        if not isinstance(d, dict):",
        "            raise DecodeError('expected an object, got ' + _show(d))",
        "    o = _new(cls)",
        "    g = d.get",
        "    f = ''",
        "    try:",
    ]
    times: List[str] = []
    for i, (attr, wire) in enumerate(cls._wire_types.items()):
        key = cls.attribute_map[attr]
        conv = f"c{i}"
        ns[conv] = _decoder_for(wire)
        lines.append(f"        f = {key!r}")
        if wire == "datetime":
            j = len(times)
            lines.append(f"        s{j} = v = g({key!r}); o.{attr} = t{j} = None if v is None else {conv}(v)")
            times.append(f"t{j}, None if t{j} is None else _time_text(t{j}, s{j})")
        elif wire == "str":
            lines.append(f"        v = g({key!r}); o.{attr} = v if v is None or v.__class__ is str else {conv}(v)")
        elif wire == "bool":
            lines.append(f"        v = g({key!r}); o.{attr} = v if v is None or v.__class__ is bool else {conv}(v)")
        elif wire == "object":
            lines.append(f"        o.{attr} = g({key!r})")
        else:
            lines.append(f"        v = g({key!r}); o.{attr} = None if v is None else {conv}(v)")
    lines += [
        "    except DecodeError as e:",
        "        e._prepend('.' + f)",
        "        raise",
        "    o._extra = None if d.keys() <= KNOWN else {k: v for k, v in d.items() if k not in KNOWN}",
    ]
    if times:
        lines.append(f"    o._wire_times = ({', '.join(times)})")
    lines.append("    return o")
    exec(compile("\n".join(lines), f"<decoder of {cls.__name__}>", "exec"), ns)  # noqa: S102
    return ns["decode"]


def _model_encoder(cls: type) -> Callable[[Any], Any]:
    return _cached_codec(_ENCODERS, cls, "_custom_encode", _compile_encoder)


# Models with at most this many fields, all scalars, get a one-display path for "all set".
_ALL_SET_MAX = 6
# How deep nested models are inlined into their parent's encoder. Deeper (and recursive) models
# call their own compiled encoder; a list response, its items and their sub-models fit.
_INLINE_DEPTH = 4


class _EncoderSource:
    """Source of one model class's encoder: straight-line code, nested models inlined.

    Per set field: one slot read, one exact-class test for the common case (a ``str`` in a
    ``str`` field, a UTC ``datetime``, a model of the field's own class...) and the strict
    converter of :func:`_encoder_for` for everything else, which raises ``ApiTypeError`` /
    ``ApiValueError`` naming the model and field. Nested models of the field's exact class are
    encoded inline: no call and no frame per sub-object.
    """

    def __init__(self, cls: Any) -> None:
        self.ns: Dict[str, Any] = {
            "_datetime": _dt.datetime,
            "_UTC": _UTC,
            "_fmt_dt": format_datetime,
            "_DAY_TEXT": _DAY_TEXT,
            "_day_text": _day_text,
            "_json_dict": _json_dict,
            "_json_list": _json_list,
            "_jsonable": _jsonable,
            "_ATOMS": _ATOMS,
            "_add_extra": _add_extra,
        }
        self.lines = ["def encode(o0):"]
        self._names = 0
        self.model(cls, 0, 1, (cls,))
        self.lines.append("    return d0")

    def bind(self, value: Any) -> str:
        """A fresh global name of the encoder's namespace bound to ``value``."""
        self._names += 1
        name = f"g{self._names}"
        self.ns[name] = value
        return name

    def model(self, cls: Any, depth: int, indent: int, stack: Tuple[type, ...]) -> None:
        """Lines building dict ``d<depth>`` from ``o<depth>``, an instance of exactly ``cls``."""
        wires = cls._wire_types
        tests = [self._scalar_test(f"a{depth}_{i}", w) for i, w in enumerate(wires.values())]
        if len(wires) > _ALL_SET_MAX or not all(tests):
            self.model_fields(cls, depth, indent, stack)
            return
        # Small all-scalar models (a parameter, a resource key, a metric) usually have every
        # field set: one dict display instead of a test and a store per field.
        pad = "    " * indent
        self.lines += [f"{pad}a{depth}_{i} = o{depth}.{attr}" for i, attr in enumerate(wires)]
        items = ", ".join(f"{cls.attribute_map[attr]!r}: a{depth}_{i}" for i, attr in enumerate(wires))
        self.lines += [
            f"{pad}if {' and '.join(tests)} and not o{depth}._extra:",
            f"{pad}    d{depth} = {{{items}}}",
            f"{pad}else:",
        ]
        self.model_fields(cls, depth, indent + 1, stack)

    def _scalar_test(self, name: str, wire: str) -> str:
        """A test that ``name`` is set and needs no conversion for ``wire`` ('' when none)."""
        if wire in ("str", "bool"):
            return f"{name}.__class__ is {wire}"
        if wire.startswith("enum:"):
            return f"{name}.__class__ is str and {name} in {self.bind(_enum_class(wire)._known)}"
        if wire == "double":
            return f"{name}.__class__ is float and {name} - {name} == 0.0"
        if wire == "int32":
            return f"{name}.__class__ is int and -2147483648 <= {name} <= 2147483647"
        return ""

    def model_fields(self, cls: Any, depth: int, indent: int, stack: Tuple[type, ...]) -> None:
        """:meth:`model` field by field: unset fields left out, each value checked."""
        pad = "    " * indent
        out = f"d{depth}"
        self.lines.append(f"{pad}{out} = {{}}")
        times = 0
        if "datetime" in cls._wire_types.values():
            self.lines.append(f"{pad}w{depth} = o{depth}._wire_times")
        for attr, wire in cls._wire_types.items():
            self.lines.append(f"{pad}v = o{depth}.{attr}")
            self.lines.append(f"{pad}if v is not None:")
            if wire == "datetime":
                # The text read from the server while the field still holds the datetime read
                # with it (datetimes are immutable: the same object is the same value).
                w, k = f"w{depth}", 2 * times
                self.lines.append(
                    f"{pad}    {out}[{cls.attribute_map[attr]!r}] = {w}[{k + 1}] "
                    f"if {w} is not None and {w}[{k}] is v and {w}[{k + 1}] is not None else "
                    + self.expression(wire, f"{cls.__name__}.{attr}", self.bind(_encoder_for(wire, f"{cls.__name__}.{attr}")))
                )
                times += 1
                continue
            self.field(f"{out}[{cls.attribute_map[attr]!r}]", wire, f"{cls.__name__}.{attr}",
                       depth, indent + 1, stack)
        # Fields this client does not know, read from a newer server, go back unchanged.
        self.lines.append(f"{pad}x = o{depth}._extra")
        self.lines.append(f"{pad}if x:")
        self.lines.append(f"{pad}    _add_extra({out}, x)")

    def _inlinable(self, sub: Any, depth: int, stack: Tuple[type, ...]) -> bool:
        return depth < _INLINE_DEPTH and sub not in stack and getattr(sub, "_custom_encode", None) is None

    def field(self, target: str, wire: str, where: str, depth: int, indent: int,
              stack: Tuple[type, ...]) -> None:
        """Lines storing the encoding of ``v`` (not None) of wire type ``wire`` in ``target``."""
        pad = "    " * indent
        conv = self.bind(_encoder_for(wire, where))
        if wire.startswith("model:"):
            sub = _class_for(wire[6:])
            if self._inlinable(sub, depth, stack):
                inner = depth + 1
                self.lines += [f"{pad}if v.__class__ is {self.bind(sub)}:", f"{pad}    o{inner} = v"]
                self.model(sub, inner, indent + 1, stack + (sub,))
                self.lines += [f"{pad}    {target} = d{inner}", f"{pad}else:", f"{pad}    {target} = {conv}(v)"]
                return
        if wire.startswith("list:model:"):
            sub = _class_for(wire[11:])
            if self._inlinable(sub, depth, stack):
                inner = depth + 1
                item = self.bind(_encoder_for(wire[5:], where + "[]"))
                self.lines += [
                    f"{pad}if v.__class__ is list:",
                    f"{pad}    l{inner} = []",
                    f"{pad}    for o{inner} in v:",
                    f"{pad}        if o{inner}.__class__ is {self.bind(sub)}:",
                ]
                self.model(sub, inner, indent + 3, stack + (sub,))
                self.lines += [
                    f"{pad}            l{inner}.append(d{inner})",
                    f"{pad}        else:",
                    f"{pad}            l{inner}.append({item}(o{inner}))",
                    f"{pad}    {target} = l{inner}",
                    f"{pad}else:",
                    f"{pad}    {target} = {conv}(v)",
                ]
                return
        self.lines.append(f"{pad}{target} = {self.expression(wire, where, conv)}")

    def expression(self, wire: str, where: str, conv: str) -> str:
        """The encoding of ``v`` as one expression: the common case inline, ``conv`` otherwise."""
        if wire == "str":
            return f"v if v.__class__ is str else {conv}(v)"
        if wire == "bool":
            return f"v if v.__class__ is bool else {conv}(v)"
        if wire == "int32":
            return f"v if v.__class__ is int and -2147483648 <= v <= 2147483647 else {conv}(v)"
        if wire == "int64":
            return f"str(v) if v.__class__ is int and -9223372036854775808 <= v <= 9223372036854775807 else {conv}(v)"
        if wire == "double":
            # v - v is 0.0 only for finite floats: NaN and infinities take the slow path.
            return f"v if v.__class__ is float and v - v == 0.0 else {conv}(v)"
        if wire.startswith("enum:"):
            return f"v if v.__class__ is str and v in {self.bind(_enum_class(wire)._known)} else {conv}(v)"
        if wire == "datetime":
            # Decoded timestamps are UTC datetimes: format those inline.
            return (
                "(_DAY_TEXT.get(v.toordinal()) or _day_text(v)) + v.time().isoformat() + 'Z' "
                "if v.__class__ is _datetime and v.tzinfo is _UTC "
                f"else _fmt_dt(v) if v.__class__ is _datetime else {conv}(v)"
            )
        if wire == "object":
            return f"v if v.__class__ in _ATOMS else _jsonable(v, {where!r})"
        if wire == "map:object":
            return f"_json_dict(v, {where!r}) if v.__class__ is dict else {conv}(v)"
        if wire.startswith("model:"):
            # Not inlined (recursive, too deep, or a protobuf well-known type): its own encoder.
            sub = _class_for(wire[6:])
            return f"{self.bind(_model_encoder(sub))}(v) if v.__class__ is {self.bind(sub)} else {conv}(v)"
        return f"{conv}(v)"


def _add_extra(d: Dict[str, Any], extra: Dict[str, Any]) -> None:
    for k, v in extra.items():
        if k not in d:
            d[k] = v


def _compile_encoder(cls: Any) -> Callable[[Any], Any]:
    src = _EncoderSource(cls)
    exec(compile("\n".join(src.lines), f"<encoder of {cls.__name__}>", "exec"), src.ns)  # noqa: S102
    return src.ns["encode"]


def _init_converters(cls: Any) -> Tuple[Tuple[str, Callable[[Any], Any]], ...]:
    convs = _INIT.get(cls)
    if convs is None:
        convs = tuple(
            (attr, _init_converter_for(wire, f"{cls.__name__}.{attr}"))
            for attr, wire in cls._wire_types.items()
        )
        _INIT[cls] = convs
    return convs


# --------------------------------------------------------------------------------------------
# Public conversion functions (the runtime calls these).


_ATOMS = frozenset((str, int, bool, type(None)))


def _json_dict(obj: Dict[Any, Any], where: str) -> Dict[str, Any]:
    """A checked copy of a JSON object (protobuf Struct / Value data), JSON-ready.

    The copy is made in C (``dict.copy``); only nested containers and values that need a
    conversion (NaN/Infinity get protobuf's words, tuples become lists, models are encoded...)
    are replaced, so the common tree costs one type test per value and no rebuilt dicts.
    Values that cannot be sent raise ``ApiTypeError`` naming ``where``.
    """
    if obj.__class__ is not dict:
        return {_check_key(k, where): _jsonable(v, where) for k, v in obj.items()}
    out = obj.copy()
    for k, v in obj.items():
        if k.__class__ is not str:
            _check_key(k, where)
        c = v.__class__
        if c in _ATOMS:
            continue
        if c is float:
            # v - v is 0.0 only for finite floats.
            if v - v != 0.0:
                out[k] = _encode_float(v)
        elif c is dict:
            out[k] = _json_dict(v, where)
        elif c is list:
            # _json_list inline for the usual array of scalars: a call less per array.
            for x in v:
                c = x.__class__
                if c not in _ATOMS and (c is not float or x - x != 0.0):
                    out[k] = _json_list(v, where)
                    break
            else:
                out[k] = v.copy()
        else:
            out[k] = _jsonable(v, where)
    return out


def _json_list(obj: List[Any], where: str) -> List[Any]:
    """A checked copy of a JSON array (see :func:`_json_dict`); arrays of scalars are copied in C."""
    for v in obj:
        c = v.__class__
        if c not in _ATOMS and (c is not float or v - v != 0.0):
            return [
                x if x.__class__ in _ATOMS or (x.__class__ is float and x - x == 0.0) else _jsonable(x, where)
                for x in obj
            ]
    return obj.copy()


def _jsonable(obj: Any, where: str) -> Any:
    cls = obj.__class__
    if cls in _ATOMS:
        return obj
    if cls is dict:
        return _json_dict(obj, where)
    if cls is list:
        return _json_list(obj, where)
    enc = _ENCODERS.get(cls)
    if enc is not None:
        return enc(obj)
    if cls is float:
        return _encode_float(obj)
    if isinstance(obj, Model):
        return _model_encoder(cls)(obj)
    if isinstance(obj, dict):
        return _json_dict(obj, where)
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v, where) for v in obj]
    if isinstance(obj, bool):
        return bool(obj)
    if isinstance(obj, str):
        return str(obj)
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return _encode_float(float(obj))
    if isinstance(obj, _dt.datetime):
        return format_datetime(obj)
    if isinstance(obj, _dt.date):
        return obj.isoformat()
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(obj)).decode("ascii")
    raise _api_type_error(f"{where}: cannot send a {_type_name(obj)} value as JSON")


def to_jsonable(obj: Any) -> Any:
    """Convert a value into JSON-ready Python (what ``json.dumps`` accepts), for sending.

    Models become dicts keyed by JSON names with wire encodings (int64 as strings, bytes as
    base64, timestamps as RFC 3339 with naive datetimes taken as UTC, unknown fields read from
    the server written back); lists, tuples and dicts are converted item by item; ``date``
    becomes ``YYYY-MM-DD``. Strict: a value that does not fit its field raises
    ``ApiTypeError`` (wrong type) or ``ApiValueError`` (bad enum value, out of range),
    naming the model and field.
    """
    return _jsonable(obj, "value")


_TYPE_DECODERS: Dict[str, Callable[[Any], Any]] = {
    "str": _d_str,
    "int": _d_int64,
    "float": _d_double,
    "bool": _d_bool,
    "datetime": _d_datetime,
    "date": _d_date,
    "bytes": _d_bytes,
    "object": _d_object,
}
_TYPE_LOCK = threading.Lock()


def _type_decoder(type_name: str) -> Callable[[Any], Any]:
    fn = _TYPE_DECODERS.get(type_name)
    if fn is not None:
        return fn
    t = type_name.strip()
    if t.startswith("list[") and t.endswith("]"):
        fn = _list_decoder(_type_decoder(t[5:-1]))
    elif t.startswith("dict(") and t.endswith(")"):
        key, _, value = t[5:-1].partition(",")
        if key.strip() != "str":
            raise ValueError(f"unsupported type name {type_name!r}: map keys must be str")
        fn = _map_decoder(_type_decoder(value.strip()))
    else:
        try:
            cls = _class_for(t)
        except ValueError:
            raise ValueError(f"unknown type name {type_name!r}") from None
        if issubclass(cls, EnumModel):
            fn = _decoder_for("enum:" + t)
        else:
            fn = _model_decoder(cls)
    with _TYPE_LOCK:
        _TYPE_DECODERS[type_name] = fn
    return fn


def decode(type_name: str, data: Any) -> Any:
    """Decode JSON-ready data (from ``json.loads``) into the Python value of a type name.

    ``type_name`` is as in ``Operation.response_type``: a model class name (``'ApiRunDetail'``),
    ``'object'`` (the JSON value as is), ``'list[ApiRun]'``, ``'dict(str, int)'``, ``'str'``,
    ``'int'``, ``'float'``, ``'bool'``, ``'datetime'``, ``'date'`` or ``'bytes'``. ``None``
    (JSON ``null``) decodes to ``None``. Raises :class:`DecodeError` naming the path of a value
    with the wrong shape.
    """
    if data is None:
        return None
    fn = _type_decoder(type_name)
    try:
        return fn(data)
    except DecodeError as e:
        e._prepend(type_name)
        raise


# --------------------------------------------------------------------------------------------
# Rendering helpers.

_REPR_MAX = 80


def _escape(text: str) -> str:
    # html (and its big entity table) is imported on first use: only notebooks render HTML.
    import html

    return html.escape(text)


def _short(v: Any) -> str:
    if isinstance(v, str):
        if len(v) > _REPR_MAX:
            return f"{v[:_REPR_MAX]!r}...({len(v)} chars)"
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_short(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_short(k)}: {_short(x)}" for k, x in v.items()) + "}"
    return repr(v)


def _html_value(v: Any) -> str:
    if isinstance(v, Model):
        return v._html_table()
    if isinstance(v, str):
        if len(v) > _REPR_MAX or "\n" in v:
            return (
                f"<details><summary>{_escape(v[:_REPR_MAX])}... ({len(v)} chars)</summary>"
                f"<pre>{_escape(v)}</pre></details>"
            )
        return _escape(v)
    if isinstance(v, list):
        if v and all(isinstance(x, Model) for x in v):
            return "".join(x._html_table() for x in v)
        return _escape(_short(v))
    if isinstance(v, _dt.datetime):
        return _escape(format_datetime(v))
    return _escape(_short(v))


def _to_dict_value(v: Any) -> Any:
    if isinstance(v, Model):
        return v.to_dict()
    if isinstance(v, list):
        return [_to_dict_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _to_dict_value(x) for k, x in v.items()}
    return v


def _restore(cls: Any, values: Tuple[Any, ...], extra: Optional[Dict[str, Any]]) -> "Model":
    o: Model = object.__new__(cls)
    for attr, v in zip(cls._wire_types, values):
        object.__setattr__(o, attr, v)
    o._extra = extra
    o._wire_times = None
    return o


# --------------------------------------------------------------------------------------------
# The bases.


class Model:
    """Base of every generated model.

    Fields are plain attributes (``__slots__``); the class attributes ``openapi_types``
    (attribute -> Python type name), ``attribute_map`` (attribute -> JSON name) and
    ``_wire_types`` (attribute -> wire type) are generated from the spec. JSON fields this
    client does not know are kept in a private slot and written back by :meth:`to_json`.
    """

    __slots__ = ("_extra", "_wire_times")

    _extra: Optional[Dict[str, Any]]
    # Timestamps as read, for models with datetime fields: ``(datetime, text, datetime, text,
    # ...)`` in field order (None: constructed in Python). ``text`` is what format_datetime
    # would write for that datetime, derived from the server's own text at decode time (None
    # when that was not canonical UTC). Encoding uses it only while the field still holds that
    # very datetime object: datetimes are immutable, and reassigning the field is always seen.
    _wire_times: Optional[Tuple[Any, ...]]

    #: Attribute name -> Python type name (``'str'``, ``'list[ApiRun]'``, ...).
    openapi_types: Dict[str, str] = {}
    #: Attribute name -> JSON field name.
    attribute_map: Dict[str, str] = {}
    #: Attribute name -> wire type (see the module docstring).
    _wire_types: Dict[str, str] = {}
    #: Name of the field holding the items, for list-response models (``'runs'``).
    _items_field: Optional[str] = None

    def __init__(self, **kwargs: Any) -> None:
        self._init(tuple(kwargs.pop(a, None) for a in self._wire_types), kwargs)

    def _init(self, values: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        """Check and store constructor arguments (called by the generated ``__init__``)."""
        if kwargs:
            # Accepted for code written against the older generated client, which took it.
            kwargs.pop("local_vars_configuration", None)
            if kwargs:
                names = ", ".join(sorted(kwargs))
                raise _api_type_error(
                    f"{type(self).__name__}.__init__() got unexpected keyword argument(s): {names}"
                )
        for (attr, conv), v in zip(_init_converters(type(self)), values):
            object.__setattr__(self, attr, None if v is None else conv(v))
        self._extra = None
        self._wire_times = None

    # -- JSON ---------------------------------------------------------------------------------

    @classmethod
    def from_json(cls, data: Any) -> Any:
        """Decode JSON-ready data (a dict from ``json.loads``) into an instance of this model.

        Raises :class:`DecodeError` when the data has the wrong shape.
        """
        try:
            return _model_decoder(cls)(data)
        except DecodeError as e:
            e._prepend(cls.__name__)
            raise

    def to_json(self) -> Any:
        """This model as JSON-ready data (JSON names, wire encodings), for ``json.dumps``."""
        return _model_encoder(type(self))(self)

    def to_dict(self) -> Dict[str, Any]:
        """Fields as a dict keyed by attribute names (nested models as dicts), like the older
        generated client; unset fields are ``None``."""
        return {attr: _to_dict_value(getattr(self, attr)) for attr in self._wire_types}

    def to_str(self) -> str:
        """Pretty-printed :meth:`to_dict`."""
        import pprint  # only here: keeps ``import kfp_server_api.model_base`` light

        return pprint.pformat(self.to_dict())

    # -- Python protocol ------------------------------------------------------------------------

    def _values(self) -> Tuple[Any, ...]:
        return tuple(getattr(self, a) for a in self._wire_types)

    def _set_fields(self) -> Iterator[Tuple[str, Any]]:
        for a in self._wire_types:
            v = getattr(self, a)
            if v is not None:
                yield a, v

    def __eq__(self, other: Any) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values() and (self._extra or None) == (other._extra or None)

    def __ne__(self, other: Any) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        parts = [f"{a}={_short(v)}" for a, v in self._set_fields()]
        if self._extra:
            # Fields from a newer server (or a protobuf Any's message) are worth seeing too.
            parts.append(f"unknown_fields={_short(self._extra)}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_restore, (type(self), self._values(), self._extra))

    def __copy__(self) -> "Model":
        return _restore(type(self), self._values(), self._extra)

    # -- Notebook rendering ---------------------------------------------------------------------

    def _html_table(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left;vertical-align:top'>{_escape(a)}</th>"
            f"<td style='text-align:left'>{_html_value(v)}</td></tr>"
            for a, v in self._set_fields()
        )
        if self._extra:
            rows += (
                "<tr><th style='text-align:left;vertical-align:top'><i>unknown fields</i></th>"
                f"<td style='text-align:left'>{_html_value(self._extra)}</td></tr>"
            )
        return f"<table><caption>{type(self).__name__}</caption>{rows}</table>"

    def _html_items(self, items: List[Any]) -> str:
        cols: List[str] = []
        for it in items:
            if isinstance(it, Model):
                for a, _ in it._set_fields():
                    if a not in cols:
                        cols.append(a)
        head = "".join(f"<th>{_escape(c)}</th>" for c in cols)
        rows = []
        for it in items:
            cells = []
            for c in cols:
                v = getattr(it, c, None)
                if isinstance(v, Model) or (isinstance(v, list) and v and isinstance(v[0], Model)):
                    # Nested models fold away so that each item stays one readable row.
                    label = type(v).__name__ if isinstance(v, Model) else f"{len(v)} {type(v[0]).__name__}"
                    cell = f"<details><summary>{_escape(label)}</summary>{_html_value(v)}</details>"
                else:
                    cell = "" if v is None else _html_value(v)
                cells.append(f"<td style='text-align:left;vertical-align:top'>{cell}</td>")
            rows.append(f"<tr class='kfp-item'>{''.join(cells)}</tr>")
        return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"

    def _repr_html_(self) -> str:
        """HTML rendering for notebooks: a table of the set fields (list responses: one row
        per item plus the total size and next page token)."""
        items_field = self._items_field
        if items_field is None:
            return self._html_table()
        items = getattr(self, items_field) or []
        parts = [f"<div><b>{type(self).__name__}</b>: {len(items)} {_escape(items_field)}"]
        for a, v in self._set_fields():
            if a != items_field:
                parts.append(f", {_escape(a)}={_escape(_short(v))}")
        parts.append("</div>")
        parts.append(self._html_items(items))
        return "".join(parts)


class EnumModel:
    """Base of generated enum classes: the allowed values as string constants.

    Fields typed with an enum hold plain strings (``ApiResourceType.EXPERIMENT ==
    "EXPERIMENT"``); the class is a namespace of constants and is not instantiated.
    """

    __slots__ = ()

    #: The allowed values, in spec order.
    allowable_values: Tuple[str, ...] = ()
    _known: frozenset = frozenset()
    openapi_types: Dict[str, str] = {}
    attribute_map: Dict[str, str] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._known = frozenset(cls.allowable_values)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise _api_type_error(
            f"{type(self).__name__} is an enum: use its string constants "
            f"({', '.join(self.allowable_values)})"
        )

    @classmethod
    def is_valid(cls, value: Any) -> bool:
        """True if ``value`` is one of :attr:`allowable_values`."""
        return isinstance(value, str) and value in cls._known


class ProtobufValueModel(Model):
    """Base of ``ProtobufValue`` (``google.protobuf.Value``): any JSON value.

    On the wire it is the bare JSON value (canonical protobuf JSON), not an object of its
    ``*_value`` fields; fields typed with it hold plain Python values.
    """

    __slots__ = ()

    @classmethod
    def from_python(cls, value: Any) -> Any:
        """The model for a plain Python/JSON value (``None``, bool, number, str, dict, list)."""
        if isinstance(value, cls):
            return value
        if value is None:
            return cls(null_value="NULL_VALUE")
        if isinstance(value, bool):
            return cls(bool_value=value)
        if isinstance(value, (int, float)):
            return cls(number_value=float(value))
        if isinstance(value, str):
            return cls(string_value=value)
        if isinstance(value, dict):
            return cls(struct_value=dict(value))
        if isinstance(value, (list, tuple)):
            return cls(list_value=list(value))
        raise _api_type_error(f"{cls.__name__}: cannot hold a {_type_name(value)} value")

    def to_python(self) -> Any:
        """The plain Python value this model holds (``None`` when no field is set)."""
        for attr in ("bool_value", "number_value", "string_value", "struct_value", "list_value"):
            v = getattr(self, attr)
            if v is not None:
                return v
        return None

    @classmethod
    def _custom_decode(cls, data: Any) -> Any:
        o = cls.from_python(data) if not isinstance(data, cls) else data
        return o

    def _custom_encode(self) -> Any:
        return _jsonable(self.to_python(), type(self).__name__)


class ProtobufStructModel(Model):
    """Base of ``ProtobufStruct`` (``google.protobuf.Struct``): a JSON object on the wire."""

    __slots__ = ()

    fields: Optional[Dict[str, Any]]

    @classmethod
    def _custom_decode(cls, data: Any) -> Any:
        return cls(fields=_d_struct(data))

    def _custom_encode(self) -> Any:
        return _jsonable(self.fields or {}, type(self).__name__ + ".fields")


class ProtobufListValueModel(Model):
    """Base of ``ProtobufListValue`` (``google.protobuf.ListValue``): a JSON array on the wire."""

    __slots__ = ()

    values: Optional[List[Any]]

    @classmethod
    def _custom_decode(cls, data: Any) -> Any:
        return cls(values=_d_listvalue(data))

    def _custom_encode(self) -> Any:
        return _jsonable(list(self.values or []), type(self).__name__ + ".values")


class ProtobufAnyModel(Model):
    """Base of ``ProtobufAny`` (``google.protobuf.Any``).

    On the wire: ``{"@type": <type_url>, ...the message's own fields}``. ``@type`` is read into
    ``type_url``; the message's other fields are kept and written back unchanged (for the API
    server's error details: ``error_message``, ``error_details``).
    """

    __slots__ = ()

    type_url: Optional[str]
    value: Optional[bytes]

    @classmethod
    def _custom_decode(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise DecodeError(f"expected an object, got {_show(data)}")
        o: Any = object.__new__(cls)  # the generated subclass holds the slots
        type_url = data.get("@type")
        if type_url is not None and not isinstance(type_url, str):
            raise DecodeError(f"expected a string, got {_show(type_url)}", ".@type")
        o.type_url = type_url
        value = data.get("value")
        raw = _b64decode(value) if isinstance(value, str) else None
        o.value = raw
        extra = {k: v for k, v in data.items() if k != "@type" and not (k == "value" and raw is not None)}
        o._extra = extra or None
        return o

    def _custom_encode(self) -> Any:
        d: Dict[str, Any] = {}
        if self.type_url is not None:
            d["@type"] = _e_str(type(self).__name__ + ".type_url")(self.type_url)
        if self.value is not None:
            d["value"] = base64.b64encode(_check_bytes(self.value, type(self).__name__ + ".value")).decode("ascii")
        for k, v in (self._extra or {}).items():
            d.setdefault(k, v)
        return d
