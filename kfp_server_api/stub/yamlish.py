"""A small, safe YAML reader and writer for the stub (standard library only).

The stub must read the pipeline files people upload (Argo workflows, KFP v2 IR specs) without
depending on PyYAML, so this module implements the subset of YAML that real pipeline files use:

* block mappings and sequences, including ``- key: v`` compact nesting and sequences written
  at the same indentation as their parent key;
* flow collections ``{}``/``[]`` (so JSON is accepted too);
* plain, single-quoted and double-quoted scalars (all YAML escapes), multi-line folding;
* block scalars ``|``/``>`` with chomping (``-``/``+``) and explicit indentation indicators;
* comments, directives, ``---``/``...`` markers (only the first document is read);
* anchors and aliases (aliases share the anchored object, as PyYAML does) and ``<<`` merge keys;
* the standard tags ``!!str !!int !!float !!bool !!null !!map !!seq`` (also in ``!<tag:...>``
  form) and ``!`` (ignored, as PyYAML does); any other tag is refused.

Scalar resolution follows PyYAML's ``safe_load`` (YAML 1.1 rules) so that files read the same
here and in the Python tooling people use: ``yes/no/on/off`` (any of the three usual casings)
are booleans, ``0o17`` and ``1e5`` are strings, ``017`` is octal, ``1_000`` is an int,
``1:30`` is a base-60 int. Unlike PyYAML, timestamps stay strings (pipeline specs are JSON
documents; a ``date`` object would not serialise back), and ``\x85``/``\u2028``/``\u2029`` are
ordinary characters, not line breaks (YAML 1.2). Duplicate keys: the last one wins.

Hostile input is refused with :class:`ValueError` (never a ``RecursionError``): nesting deeper
than :data:`MAX_DEPTH`, alias expansion beyond :data:`MAX_ALIAS_NODES` nodes ("billion
laughs"), and input longer than :data:`MAX_CHARS`. Every error names the line and column.

:func:`dumps` writes block-style YAML that both :func:`loads` and PyYAML read back to an equal
object: keys in the given order, strings quoted whenever a plain scalar would be read as
something else, and multi-line strings as ``|`` literal blocks.
"""
import math
import re
from typing import Any, Dict, List, Optional, Tuple

__all__ = ["loads", "dumps", "MAX_DEPTH", "MAX_ALIAS_NODES", "MAX_CHARS"]

#: Deepest nesting of collections accepted by :func:`loads` and :func:`dumps`.
MAX_DEPTH = 100
#: Most nodes that aliases may expand to in one document (defence against "billion laughs").
MAX_ALIAS_NODES = 1_000_000
#: Longest input accepted by :func:`loads` (characters).
MAX_CHARS = 64 * 1024 * 1024

_TAG_PREFIX = "tag:yaml.org,2002:"
_KNOWN_TAGS = {"str", "int", "float", "bool", "null", "map", "seq"}

# Scalar resolution, after PyYAML's resolver (YAML 1.1), minus timestamps and '=' (see above).
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL_TRUE = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_BOOL_FALSE = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_INT_RE = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
)
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)

_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
    "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}

_WS = " \t"
_FLOW_INDICATORS = ",[]{}"
_BLOCK_PLAIN_STOP = re.compile(r": |:\t|:$| #|\t#|\n", re.M)
_FLOW_PLAIN_STOP = re.compile(r":[ \t,\[\]{}]|:$| #|\t#|[,\[\]{}\n]", re.M)
_BLANKS = re.compile(r"[ \t]*")
_SPACES = re.compile(r" *")
_DQ_RUN = re.compile(r'[^"\\ \t\n]+')
_SQ_RUN = re.compile(r"[^' \t\n]+")
_ANCHOR_RE = re.compile(r"[^ \t\n,\[\]{}]+")
_TAG_RE = re.compile(r"!(?:<[^>\n]*>|[^ \t\n,\[\]{}]*)")


def _resolve_plain(text: str) -> Any:
    """Turn an untagged plain scalar into the Python value PyYAML's safe_load would give."""
    if _NULL_RE.match(text):
        return None
    if text in _BOOL_TRUE:
        return True
    if text in _BOOL_FALSE:
        return False
    try:
        if _INT_RE.match(text):
            return _to_int(text)
        if _FLOAT_RE.match(text):
            return _to_float(text)
    except ValueError:
        pass  # shapes such as "._" that match the patterns but are no number: a string
    return text


def _to_int(text: str) -> int:
    value = text.replace("_", "")
    sign = -1 if value[:1] == "-" else 1
    value = value.lstrip("+-")
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value.startswith("0"):
        return sign * int(value, 8)
    if ":" in value:
        return sign * _sexagesimal(value)
    return sign * int(value)


def _sexagesimal(value: str) -> Any:
    total: Any = 0
    for part in value.split(":"):
        total = total * 60 + (float(part) if "." in part else int(part))
    return total


def _to_float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1.0 if value[:1] == "-" else 1.0
    value = value.lstrip("+-")
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    if ":" in value:
        return sign * float(_sexagesimal(value))
    return sign * float(value)


class _Scalar:
    """A scalar as scanned, before resolution (plain scalars resolve, quoted ones stay str)."""

    __slots__ = ("text", "plain")

    def __init__(self, text: str, plain: bool) -> None:
        self.text = text
        self.plain = plain


class _Parser:
    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError("yamlish.loads expects str")
        if len(text) > MAX_CHARS:
            raise ValueError(f"YAML document too large ({len(text)} characters, limit {MAX_CHARS})")
        # Normalise line breaks once so that every scanner only has to know '\n'.
        self.s = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.n = len(self.s)
        self.i = 0
        self.ls = 0  # index where the current line starts
        self.line = 0
        self.anchors: Dict[str, Tuple[Any, int]] = {}
        self.nodes = 0
        self.expanded = 0

    # -- low level -------------------------------------------------------------------
    def error(self, msg: str, pos: Optional[int] = None) -> ValueError:
        pos = self.i if pos is None else pos
        pos = min(pos, self.n)
        line = self.s.count("\n", 0, pos) + 1
        col = pos - (self.s.rfind("\n", 0, pos) + 1) + 1
        return ValueError(f"YAML error: {msg} (line {line}, column {col})")

    def ch(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < self.n else ""

    @property
    def col(self) -> int:
        return self.i - self.ls

    def newline(self) -> None:
        self.i += 1
        self.ls = self.i
        self.line += 1

    def at_ws_or_end(self, k: int) -> bool:
        c = self.ch(k)
        return c == "" or c in " \t\n"

    def at_doc_marker(self) -> bool:
        return (
            self.i == self.ls
            and self.s.startswith(("---", "..."), self.i)
            and self.at_ws_or_end(3)
        )

    def skip_spaces(self) -> None:
        self.i = _BLANKS.match(self.s, self.i).end()  # type: ignore[union-attr]

    def skip_comment(self) -> None:
        if self.ch() == "#":
            j = self.s.find("\n", self.i)
            self.i = self.n if j < 0 else j

    def skip(self) -> None:
        """Skip spaces, comments and line breaks up to the next token."""
        while self.i < self.n:
            if self.i == self.ls:
                self.i = _SPACES.match(self.s, self.i).end()  # type: ignore[union-attr]
                if self.ch() == "\t":
                    self.skip_spaces()
                    if self.ch() not in ("", "\n", "#"):
                        raise self.error("found a tab character used as indentation")
            else:
                self.skip_spaces()
            self.skip_comment()
            if self.ch() == "\n":
                self.newline()
            else:
                return

    def count(self, size: int = 1) -> None:
        self.nodes += size

    # -- document --------------------------------------------------------------------
    def document(self) -> Any:
        self.skip()
        while self.i == self.ls and self.ch() == "%":
            j = self.s.find("\n", self.i)
            self.i = self.n if j < 0 else j
            self.skip()
        if self.at_doc_marker() and self.ch() == "-":
            self.i += 3
        value = self.node(-1, "root", 0)
        self.skip()
        if self.i < self.n and not self.at_doc_marker():
            raise self.error("expected the end of the document")
        return value

    # -- block context ---------------------------------------------------------------
    def node(self, parent: int, ctx: str, depth: int,
             props: Tuple[Optional[str], Optional[str]] = (None, None)) -> Any:
        """Parse a node whose enclosing block collection is indented at ``parent``.

        ``ctx`` says where the node starts: ``"value"`` after ``key:``, ``"item"`` after
        ``- ``, ``"root"`` at document level. ``props`` are an anchor and a tag written on
        the line before the node's content.
        """
        if depth > MAX_DEPTH:
            raise self.error(f"document nested deeper than {MAX_DEPTH} levels")
        start_line = self.line
        self.skip()
        before = self.nodes
        anchor, tag = props
        if self.i >= self.n or self.at_doc_marker():
            return self.finish(_Scalar("", True), anchor, tag, 0)
        inline = self.line == start_line and ctx != "root"
        col = self.col
        is_entry = self.ch() == "-" and self.at_ws_or_end(1)
        if not inline and col <= parent:
            # A sequence may sit at its key's own indentation ("indentless" sequence).
            if ctx == "value" and col == parent and is_entry:
                return self.finish(self.sequence(col, depth), anchor, tag, self.nodes - before)
            return self.finish(_Scalar("", True), anchor, tag, 0)
        if self.looks_like_key():
            if inline and ctx == "value":
                raise self.error("mapping values are not allowed here")
            return self.finish(self.mapping(col, depth), anchor, tag, self.nodes - before)
        own_anchor, own_tag = self.properties()
        if own_anchor or own_tag:
            if (own_anchor and anchor) or (own_tag and tag):
                raise self.error("a node has at most one anchor and one tag")
            anchor, tag = own_anchor or anchor, own_tag or tag
            if self.ch() in ("", "\n"):
                return self.node(parent, ctx, depth, (anchor, tag))
        c = self.ch()
        if c == "-" and self.at_ws_or_end(1):
            if inline and ctx == "value":
                raise self.error("sequence entries are not allowed here")
            value: Any = self.sequence(self.col, depth)
        elif c in "[{" and c:
            value = self.flow(depth + 1)
            self.skip_spaces()
            if self.ch() == ":":
                raise self.error("flow collections as mapping keys are not supported")
        elif c in "|>" and c:
            value = _Scalar(self.block_scalar(parent), False)
        elif c == "*":
            if anchor or tag:
                raise self.error("an alias cannot have an anchor or a tag")
            value = self.alias()
        elif c in "'\"" and c:
            value = _Scalar(self.quoted(), False)
        else:
            value = _Scalar(self.plain(parent, flow=False), True)
        return self.finish(value, anchor, tag, self.nodes - before)

    def finish(self, value: Any, anchor: Optional[str], tag: Optional[str], size: int) -> Any:
        """Resolve a scanned scalar, apply a tag and register an anchor."""
        value = self.apply_tag(value, tag)
        self.count()
        if anchor is not None:
            self.anchors[anchor] = (value, size + 1)
        return value

    def apply_tag(self, value: Any, tag: Optional[str]) -> Any:
        if not isinstance(value, _Scalar):
            if tag in (None, "map", "seq"):
                if tag == "map" and not isinstance(value, dict):
                    raise self.error("!!map tag on a node that is not a mapping")
                if tag == "seq" and not isinstance(value, list):
                    raise self.error("!!seq tag on a node that is not a sequence")
                return value
            raise self.error(f"tag !!{tag} cannot be applied to a collection")
        text = value.text
        if tag is None:
            return _resolve_plain(text) if value.plain else text
        if tag == "str":
            return text
        if tag == "null":
            return None
        if tag == "bool" and (text in _BOOL_TRUE or text in _BOOL_FALSE):
            return text in _BOOL_TRUE
        try:
            if tag == "int" and _INT_RE.match(text):
                return _to_int(text)
            if tag == "float" and (_FLOAT_RE.match(text) or _INT_RE.match(text)):
                return float(_to_float(text) if _FLOAT_RE.match(text) else _to_int(text))
        except ValueError:
            pass
        raise self.error(f"cannot read {text!r} as !!{tag}")

    def properties(self) -> Tuple[Optional[str], Optional[str]]:
        anchor = tag = None
        tagged = False
        while True:
            c = self.ch()
            if (c == "&" and anchor is not None) or (c == "!" and tagged):
                raise self.error("a node has at most one anchor and one tag")
            if c == "&":
                m = _ANCHOR_RE.match(self.s, self.i + 1)
                if not m:
                    raise self.error("expected an anchor name after '&'")
                anchor = m.group(0)
                self.i = m.end()
            elif c == "!":
                start = self.i
                m = _TAG_RE.match(self.s, self.i)
                assert m is not None
                self.i = m.end()
                tag = self.tag_name(m.group(0), start)
                tagged = True
            else:
                return anchor, tag
            self.skip_spaces()
            self.skip_comment()

    def tag_name(self, raw: str, pos: int) -> Optional[str]:
        if raw == "!":
            # PyYAML treats the non-specific tag as no tag at all.
            return None
        if raw.startswith("!<") and raw.endswith(">"):
            full = raw[2:-1]
            name = full[len(_TAG_PREFIX):] if full.startswith(_TAG_PREFIX) else None
        else:
            name = raw[2:] if raw.startswith("!!") else None
        if name not in _KNOWN_TAGS:
            raise self.error(f"unsupported tag {raw}", pos)
        return name

    def alias(self) -> Any:
        start = self.i
        m = _ANCHOR_RE.match(self.s, self.i + 1)
        if not m:
            raise self.error("expected an alias name after '*'")
        self.i = m.end()
        name = m.group(0)
        if name not in self.anchors:
            raise self.error(f"found undefined alias {name!r}", start)
        value, size = self.anchors[name]
        self.expanded += size
        if self.expanded > MAX_ALIAS_NODES:
            raise self.error(f"aliases expand to more than {MAX_ALIAS_NODES} nodes", start)
        self.count(size)
        return value

    def looks_like_key(self) -> bool:
        """Whether a simple ``key:`` starts here (without consuming anything)."""
        saved = (self.i, self.ls, self.line)
        try:
            self.properties()
            c = self.ch()
            if c in ("'", '"'):
                self.quoted()
                if self.line != saved[2]:
                    return False
            elif c == "*":
                m = _ANCHOR_RE.match(self.s, self.i + 1)
                self.i = m.end() if m else self.i + 1
            elif c == "?" and self.at_ws_or_end(1):
                return True
            elif c == "" or c in "[{|>#\n" or (c == "-" and self.at_ws_or_end(1)):
                return False
            else:
                m = _BLOCK_PLAIN_STOP.search(self.s, self.i)
                self.i = m.start() if m else self.n
            self.skip_spaces()
            return self.ch() == ":" and self.at_ws_or_end(1)
        except ValueError:
            return False
        finally:
            self.i, self.ls, self.line = saved

    def key(self) -> Any:
        anchor, tag = self.properties()
        before = self.nodes
        c = self.ch()
        if c == "*":
            value: Any = self.alias()
        elif c in ("'", '"'):
            value = _Scalar(self.quoted(), False)
        else:
            m = _BLOCK_PLAIN_STOP.search(self.s, self.i)
            end = m.start() if m else self.n
            value = _Scalar(self.s[self.i:end].rstrip(_WS), True)
            self.i = end
        plain = isinstance(value, _Scalar) and value.plain and tag is None
        value = self.finish(value, anchor, tag, self.nodes - before)
        self.skip_spaces()
        if self.ch() != ":":
            raise self.error("expected ':' after a mapping key")
        self.i += 1
        return value, plain

    def mapping(self, col: int, depth: int) -> Dict[Any, Any]:
        if depth + 1 > MAX_DEPTH:
            raise self.error(f"document nested deeper than {MAX_DEPTH} levels")
        result: Dict[Any, Any] = {}
        merges: List[Any] = []
        while True:
            key_pos = self.i
            if self.ch() == "?" and self.at_ws_or_end(1):
                key, plain, value = self.explicit_entry(col, depth)
            else:
                key, plain = self.key()
                value = self.node(col, "value", depth + 1)
            if plain and key == "<<":
                merges.append((value, key_pos))
            else:
                self.store(result, key, value, key_pos)
            self.skip()
            if self.i >= self.n or self.at_doc_marker() or self.col < col:
                break
            if self.col > col or not self.looks_like_key():
                raise self.error("expected a mapping key at this indentation")
        self.count()
        return self.merge(result, merges) if merges else result

    def explicit_entry(self, col: int, depth: int) -> Tuple[Any, bool, Any]:
        """``? key`` / ``: value`` (PyYAML writes empty and multi-line keys this way)."""
        self.i += 1
        key = self.node(col, "item", depth + 1)
        self.skip()
        value = None
        if (
            self.i < self.n
            and not self.at_doc_marker()
            and self.col == col
            and self.ch() == ":"
            and self.at_ws_or_end(1)
        ):
            self.i += 1
            value = self.node(col, "item", depth + 1)
        return key, False, value

    def store(self, target: Dict[Any, Any], key: Any, value: Any, pos: int) -> None:
        try:
            target[key] = value
        except TypeError:
            raise self.error("mapping key is not a scalar", pos) from None

    def merge(self, explicit: Dict[Any, Any], merges: List[Any]) -> Dict[Any, Any]:
        merged: Dict[Any, Any] = {}
        for value, pos in merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise self.error("'<<' merge value must be a mapping or a list of mappings", pos)
                for k, v in source.items():
                    merged.setdefault(k, v)
        merged.update(explicit)
        return merged

    def sequence(self, col: int, depth: int) -> List[Any]:
        if depth + 1 > MAX_DEPTH:
            raise self.error(f"document nested deeper than {MAX_DEPTH} levels")
        result: List[Any] = []
        while True:
            self.i += 1  # the '-'
            result.append(self.node(col, "item", depth + 1))
            self.skip()
            if self.i >= self.n or self.at_doc_marker() or self.col < col:
                break
            if self.col > col:
                raise self.error("bad indentation of a sequence entry")
            if not (self.ch() == "-" and self.at_ws_or_end(1)):
                break
        self.count()
        return result

    # -- scalars ---------------------------------------------------------------------
    def plain(self, parent: int, flow: bool) -> str:
        """Scan a plain scalar, folding continuation lines indented deeper than ``parent``."""
        stop = _FLOW_PLAIN_STOP if flow else _BLOCK_PLAIN_STOP
        if self.ch() in "%@`" or (self.ch() in ",]}" and self.ch()):
            raise self.error(f"found character {self.ch()!r} that cannot start a plain scalar")
        parts: List[str] = []
        while True:
            m = stop.search(self.s, self.i)
            end = m.start() if m else self.n
            parts.append(self.s[self.i:end].strip(_WS))
            self.i = end
            if self.ch() != "\n":
                break
            # Look ahead for a continuation line without committing to it.
            j, breaks = self.i, 0
            while True:
                k = j + 1
                while k < self.n and self.s[k] in _WS:
                    k += 1
                if k < self.n and self.s[k] == "\n":
                    j, breaks = k, breaks + 1
                    continue
                break
            line_start = j + 1
            indent = len(self.s[line_start:k]) - len(self.s[line_start:k].lstrip(" "))
            if (
                k >= self.n
                or self.s[k] == "#"
                or (flow and (self.s[k] in _FLOW_INDICATORS or _FLOW_PLAIN_STOP.match(self.s, k)))
                or (not flow and indent <= parent)
                or (self.s.startswith(("---", "..."), line_start) and
                    (line_start + 3 >= self.n or self.s[line_start + 3] in " \t\n"))
            ):
                break
            self.line += breaks + 1
            self.ls = line_start
            self.i = k
            parts.append("\n" * breaks if breaks else " ")
        if not flow and self.ch() == ":" and self.at_ws_or_end(1):
            raise self.error("mapping values are not allowed here")
        return "".join(parts)

    def quoted(self) -> str:
        quote = self.ch()
        start = self.i
        self.i += 1
        out: List[str] = []
        pending_ws = ""
        while True:
            if self.i >= self.n:
                raise self.error("unterminated quoted scalar", start)
            run = (_DQ_RUN if quote == '"' else _SQ_RUN).match(self.s, self.i)
            if run:
                out.append(pending_ws + run.group(0))
                pending_ws = ""
                self.i = run.end()
                continue
            c = self.s[self.i]
            if c == quote:
                if quote == "'" and self.ch(1) == "'":
                    out.append(pending_ws + "'")
                    pending_ws = ""
                    self.i += 2
                    continue
                self.i += 1
                out.append(pending_ws)
                return "".join(out)
            if c in _WS:
                pending_ws += c
                self.i += 1
            elif c == "\n":
                # Line folding: trailing blanks dropped, one break -> space, n breaks -> n-1 newlines.
                pending_ws = ""
                breaks = self.fold_breaks(start)
                out.append("\n" * (breaks - 1) if breaks > 1 else " ")
            elif c == "\\" and quote == '"':
                out.append(pending_ws)
                pending_ws = ""
                self.escape(out, start)
            else:
                out.append(pending_ws + c)
                pending_ws = ""
                self.i += 1

    def fold_breaks(self, start: int) -> int:
        breaks = 0
        while self.ch() == "\n":
            self.newline()
            breaks += 1
            self.skip_spaces()
            if self.at_doc_marker():
                raise self.error("document marker inside a quoted scalar", start)
        return breaks

    def escape(self, out: List[str], start: int) -> None:
        e = self.ch(1)
        if e == "\n":
            self.i += 1
            self.newline()
            self.skip_spaces()
            while self.ch() == "\n":
                self.newline()
                out.append("\n")
                self.skip_spaces()
        elif e in _ESCAPES:
            out.append(_ESCAPES[e])
            self.i += 2
        elif e in _HEX_ESCAPES:
            width = _HEX_ESCAPES[e]
            digits = self.s[self.i + 2:self.i + 2 + width]
            if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                raise self.error(f"invalid \\{e} escape in a double-quoted scalar")
            code = int(digits, 16)
            if code > 0x10FFFF:
                raise self.error("escape is not a valid code point")
            out.append(chr(code))
            self.i += 2 + width
        else:
            raise self.error(f"unknown escape '\\{e}' in a double-quoted scalar")

    def block_scalar(self, parent: int) -> str:
        folded = self.ch() == ">"
        self.i += 1
        chomp = ""
        increment = 0
        for _ in range(2):
            c = self.ch()
            if c in "+-" and c and not chomp:
                chomp = c
                self.i += 1
            elif c.isdigit() and c and not increment:
                if c == "0":
                    raise self.error("indentation indicator must be 1-9")
                increment = int(c)
                self.i += 1
        self.skip_spaces()
        self.skip_comment()
        if self.ch() not in ("", "\n"):
            raise self.error("expected a line break after a block scalar header")
        min_indent = max(parent + 1, 1)
        breaks: List[str] = []
        if self.ch() == "\n":
            self.newline()
        if increment:
            indent = min_indent + increment - 1
            breaks = self.block_breaks(indent)
        else:
            # Auto-detect: the deepest indentation reached by the leading lines.
            max_indent = 0
            while self.ch() in (" ", "\n") and self.ch():
                if self.ch() == "\n":
                    breaks.append("\n")
                    self.newline()
                else:
                    self.i += 1
                    max_indent = max(max_indent, self.col)
            indent = max(min_indent, max_indent)
        chunks: List[str] = []
        line_break = ""
        while self.col == indent and self.i < self.n:
            chunks.extend(breaks)
            leading_non_space = self.ch() not in _WS
            j = self.s.find("\n", self.i)
            j = self.n if j < 0 else j
            chunks.append(self.s[self.i:j])
            self.i = j
            line_break = ""
            if self.ch() == "\n":
                line_break = "\n"
                self.newline()
            breaks = self.block_breaks(indent)
            if self.col == indent and self.i < self.n and not self.at_doc_marker():
                if folded and line_break and leading_non_space and self.ch() not in _WS:
                    if not breaks:
                        chunks.append(" ")
                else:
                    chunks.append(line_break)
            else:
                break
        if chomp != "-":
            chunks.append(line_break)
        if chomp == "+":
            chunks.extend(breaks)
        return "".join(chunks)

    def block_breaks(self, indent: int) -> List[str]:
        breaks: List[str] = []
        while True:
            if self.col < indent:
                self.i = _SPACES.match(self.s, self.i, self.ls + indent).end()  # type: ignore[union-attr]
            if self.ch() == "\n":
                breaks.append("\n")
                self.newline()
            else:
                return breaks

    # -- flow context ----------------------------------------------------------------
    def skip_flow(self, start: int) -> None:
        while True:
            self.skip_spaces()
            self.skip_comment()
            if self.ch() == "\n":
                self.newline()
                if self.at_doc_marker():
                    raise self.error("document marker inside a flow collection", start)
            elif self.i >= self.n:
                raise self.error("unterminated flow collection", start)
            else:
                return

    def flow(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.error(f"document nested deeper than {MAX_DEPTH} levels")
        start = self.i
        is_map = self.ch() == "{"
        close = "}" if is_map else "]"
        self.i += 1
        result: Any = {} if is_map else []
        while True:
            self.skip_flow(start)
            if self.ch() == close:
                self.i += 1
                break
            entry_pos = self.i
            explicit = self.ch() == "?" and self.at_ws_or_end(1)
            if explicit:
                self.i += 1
                self.skip_flow(start)
            empty_key = self.ch() == ":" and (self.at_ws_or_end(1) or self.ch(1) in _FLOW_INDICATORS)
            key = None if empty_key else self.flow_node(depth)
            self.skip_flow(start)
            has_value = self.ch() == ":"
            value = None
            if has_value:
                self.i += 1
                self.skip_flow(start)
                if self.ch() not in (",", close):
                    value = self.flow_node(depth)
                    self.skip_flow(start)
            if is_map:
                self.store(result, key, value, entry_pos)
            elif has_value or explicit:
                pair: Dict[Any, Any] = {}
                self.store(pair, key, value, entry_pos)
                result.append(pair)
            else:
                result.append(key)
            if self.ch() == ",":
                self.i += 1
            elif self.ch() != close:
                raise self.error(f"expected ',' or '{close}' in a flow collection")
        self.count()
        return result

    def flow_node(self, depth: int) -> Any:
        anchor, tag = self.properties()
        self.skip_flow(self.i)
        before = self.nodes
        c = self.ch()
        if c in "[{":
            value: Any = self.flow(depth + 1)
        elif c == "*":
            value = self.alias()
        elif c in ("'", '"'):
            value = _Scalar(self.quoted(), False)
        elif c in ",]}:" and (c != ":" or self.at_ws_or_end(1)):
            value = _Scalar("", True)
        else:
            value = _Scalar(self.plain(-1, flow=True), True)
        return self.finish(value, anchor, tag, self.nodes - before)


def loads(text: str) -> Any:
    """Parse the first YAML document of ``text`` into plain Python objects.

    Mappings become ``dict`` (keys in document order), sequences ``list``, scalars ``str``,
    ``int``, ``float``, ``bool`` or ``None``. Raises :class:`ValueError` with the line and
    column on malformed or hostile input (see the module docstring for the limits).
    """
    return _Parser(text).document()


# -- writer ------------------------------------------------------------------------------

_KEYWORDS = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "=", "<<",
    ".inf", "-.inf", "+.inf", ".nan",
}
_PLAIN_FIRST_BAD = set("-?:,[]{}#&*!|>'\"%@`") | set(_WS)
_NUMBERISH_RE = re.compile(r"^[-+]?(?:[0-9]|\.[0-9]|\.(?:inf|nan)$)", re.I)


# Characters that may appear unescaped: YAML's printable set minus line breaks and the BOM.
_PRINTABLE = "\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff"
_NOT_PRINTABLE_RE = re.compile(f"[^{_PRINTABLE}]")
_NOT_LITERAL_RE = re.compile(f"[^{_PRINTABLE}\n\t]")


def _printable(c: str) -> bool:
    """Whether the character ``c`` may appear unescaped in the output."""
    return not _NOT_PRINTABLE_RE.match(c)


def _plain_ok(s: str) -> bool:
    return (
        s != ""
        and (s[0] not in _PLAIN_FIRST_BAD or (s[0] in "-?:" and s[1:2] not in ("", " ", "\t")))
        and not s.startswith(("---", "..."))
        and s[-1] not in " \t:"
        and s.lower() not in _KEYWORDS
        and not _NUMBERISH_RE.match(s)
        and ": " not in s
        and " #" not in s
        and "\t" not in s
        and not _NOT_PRINTABLE_RE.search(s)
        and not _INT_RE.match(s)
        and not _FLOAT_RE.match(s)
        and _resolve_plain(s) == s
    )


def _double_quoted(s: str) -> str:
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif _printable(c):
            out.append(c)
        else:
            o = ord(c)
            out.append(f"\\x{o:02X}" if o < 0x100 else f"\\u{o:04X}" if o < 0x10000 else f"\\U{o:08X}")
    out.append('"')
    return "".join(out)


def _literal_ok(s: str) -> bool:
    return (
        "\n" in s
        and s.strip(" \n") != ""
        and not _NOT_LITERAL_RE.search(s)
    )


def _literal(s: str) -> List[str]:
    body = s[:-1] if s.endswith("\n") else s
    if not s.endswith("\n"):
        chomp = "-"
    elif s.endswith("\n\n"):
        chomp = "+"
    else:
        chomp = ""
    # An explicit indentation indicator is needed when the text itself starts with spaces.
    indicator = "2" if s.lstrip("\n")[:1] in (" ", "\t") else ""
    lines = [f"|{indicator}{chomp}"]
    lines.extend(("  " + line) if line else "" for line in body.split("\n"))
    return lines


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        mantissa, _, exponent = text.partition("e")
        if "." not in mantissa:
            mantissa += ".0"
        if exponent and exponent[0] not in "+-":
            exponent = "+" + exponent
        return mantissa + ("e" + exponent if exponent else "")
    if isinstance(value, str):
        return value if _plain_ok(value) else _double_quoted(value)
    raise TypeError(f"yamlish.dumps cannot represent {type(value).__name__}")


def _emit(obj: Any, depth: int) -> List[str]:
    """Lines of ``obj`` in block style, relative to indentation 0."""
    if depth > MAX_DEPTH:
        raise ValueError(f"object nested deeper than {MAX_DEPTH} levels")
    if isinstance(obj, dict) and obj:
        lines: List[str] = []
        for key, value in obj.items():
            if isinstance(key, (dict, list, tuple)):
                raise TypeError("yamlish.dumps: mapping keys must be scalars")
            ks = _scalar(key)
            sub = _emit(value, depth + 1)
            if isinstance(value, (dict, list, tuple)) and value:
                lines.append(ks + ":")
                lines.extend("  " + line if line else "" for line in sub)
            else:
                lines.append(f"{ks}: {sub[0]}")
                lines.extend(sub[1:])
        return lines
    if isinstance(obj, (list, tuple)) and obj:
        lines = []
        for item in obj:
            sub = _emit(item, depth + 1)
            lines.append("- " + sub[0])
            if isinstance(item, (dict, list, tuple)) and item:
                lines.extend("  " + line if line else "" for line in sub[1:])
            else:
                lines.extend(sub[1:])
        return lines
    if isinstance(obj, dict):
        return ["{}"]
    if isinstance(obj, (list, tuple)):
        return ["[]"]
    if isinstance(obj, str) and _literal_ok(obj):
        return _literal(obj)
    return [_scalar(obj)]


def dumps(obj: Any) -> str:
    """Serialise ``obj`` (dicts, lists, str, int, float, bool, None) as block-style YAML.

    The text ends with a newline and reads back (with :func:`loads` or PyYAML's
    ``safe_load``) to an object equal to ``obj``. Raises :class:`TypeError` for other types.
    """
    return "\n".join(_emit(obj, 0)) + "\n"
