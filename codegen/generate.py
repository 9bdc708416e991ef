#!/usr/bin/env python3
"""Generate the models, API classes and reference docs of kfp_server_api from spec/.

Usage::

    python codegen/generate.py            # write the generated tree
    python codegen/generate.py --check    # exit 1 listing files that differ / are missing / stale

Inputs: ``spec/kfp_api_v1beta1.swagger.json``, ``spec/task_v1alpha1.swagger.json`` and
``spec/filter.swagger.json`` (swagger 2.0). Outputs: ``kfp_server_api/models/*.py``,
``kfp_server_api/api/*.py``, ``kfp_server_api/_exports.py``, ``docs/<Name>.md`` and
``docs/README.md``. Every output starts with a "generated from" header; a file with that
header that the generator no longer produces is stale (``--check`` reports it, a normal run
deletes it). Standard library only; templates are ``string.Template`` files in
``codegen/templates/``. Output is deterministic: everything is sorted.
"""
import argparse
import json
import keyword
import os
import re
import sys
from string import Template
from typing import Any, Dict, List, Optional, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.join(HERE, "templates")

#: The spec files, in priority order (a definition found in several comes from the first).
SPEC_FILES = ("kfp_api_v1beta1.swagger.json", "task_v1alpha1.swagger.json", "filter.swagger.json")
#: Header source of files derived from every spec file.
ALL_SPECS = "spec/*.swagger.json"

HEADER_PY = "# generated from {src} by codegen/generate.py; do not edit"
HEADER_MD = "<!-- generated from {src} by codegen/generate.py; do not edit -->"
HEADER_PREFIXES = ("# generated from spec/", "<!-- generated from spec/")

#: Definitions whose model has a custom wire form (canonical protobuf JSON).
SPECIAL_BASES = {
    "protobufValue": "ProtobufValueModel",
    "protobufStruct": "ProtobufStructModel",
    "protobufListValue": "ProtobufListValueModel",
    "protobufAny": "ProtobufAnyModel",
}
#: Fields referencing these definitions hold plain JSON values, not models.
PLAIN_JSON_REFS = {"protobufValue": "object", "protobufStruct": "struct", "protobufListValue": "listvalue"}
#: Method names that do not follow the "operationId minus V1, snake_cased" rule.
METHOD_NAME_EXCEPTIONS = {"ListExperimentsV1": "list_experiment"}
IDEMPOTENT_METHODS = ("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
FILE_TYPE = "Union[str, os.PathLike[str], bytes, BinaryIO, Tuple[str, bytes]]"


class SpecError(Exception):
    """The spec cannot be generated from (conflicting definitions, unsupported schema)."""


# ---------------------------------------------------------------------------------------------
# Names


def snake(name: str) -> str:
    """``ApiRunDetail`` -> ``api_run_detail``, ``mlmdExecutionID`` -> ``mlmd_execution_id``."""
    s = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.replace(".", "_").lower()


def class_name(def_name: str) -> str:
    """Definition name -> model class name (first letter upper-cased)."""
    return def_name[:1].upper() + def_name[1:]


def attr_name(json_name: str) -> str:
    """JSON field name -> Python attribute name."""
    a = snake(json_name)
    return a + "_" if keyword.iskeyword(a) else a


def method_name(operation_id: str) -> str:
    """operationId -> Python method name."""
    if operation_id in METHOD_NAME_EXCEPTIONS:
        return METHOD_NAME_EXCEPTIONS[operation_id]
    base = operation_id[:-2] if operation_id.endswith("V1") else operation_id
    return snake(base)


def lit(v: Any) -> str:
    """A Python literal for a str/bool/None/tuple of str, stable across runs."""
    if isinstance(v, tuple):
        if not v:
            return "()"
        return "(" + ", ".join(lit(x) for x in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return repr(v)


def docstring(text: str, indent: str) -> str:
    """Text safe inside a triple-quoted docstring, continuation lines indented."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    lines = [ln.rstrip() for ln in text.split("\n")]
    out = "\n".join((indent + ln) if ln and i else ln for i, ln in enumerate(lines))
    if len(lines) > 1:
        out += "\n" + indent
    return out


def one_line(text: str) -> str:
    """Spec text collapsed to one line (for tables and short notes)."""
    return " ".join((text or "").split())


# ---------------------------------------------------------------------------------------------
# Reading the spec


class Field:
    """One property of a definition."""

    def __init__(self, json_name: str, wire: str, doc: str, read_only: bool) -> None:
        self.json_name = json_name
        self.attr = attr_name(json_name)
        self.wire = wire
        self.doc = doc
        self.read_only = read_only


class Definition:
    """One definition of the spec: a model or an enum."""

    def __init__(self, name: str, schema: Dict[str, Any], spec_file: str) -> None:
        self.name = name
        self.schema = schema
        self.spec_file = spec_file
        self.cls = class_name(name)
        self.module = snake(self.cls)
        self.enum: Optional[Tuple[str, ...]] = tuple(schema["enum"]) if "enum" in schema else None
        self.doc = one_para(schema)
        self.fields: List[Field] = []


def one_para(schema: Dict[str, Any]) -> str:
    """Title and description of a schema, as one text."""
    parts = [schema.get("title", ""), schema.get("description", "")]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


class Spec:
    """The three spec files, merged."""

    def __init__(self, spec_dir: str) -> None:
        self.docs: Dict[str, Dict[str, Any]] = {}
        self.defs: Dict[str, Definition] = {}
        for fname in SPEC_FILES:
            with open(os.path.join(spec_dir, fname), encoding="utf-8") as f:
                doc = json.load(f)
            self.docs[fname] = doc
            for name, schema in sorted(doc.get("definitions", {}).items()):
                if name in self.defs:
                    if self.defs[name].schema != schema:
                        raise SpecError(
                            f"definition {name!r} differs between spec/{self.defs[name].spec_file} "
                            f"and spec/{fname}"
                        )
                    continue
                self.defs[name] = Definition(name, schema, fname)
        for d in self.defs.values():
            for json_name, prop in d.schema.get("properties", {}).items():
                d.fields.append(
                    Field(json_name, self.wire_type(prop, f"{d.name}.{json_name}"), one_para(prop), bool(prop.get("readOnly")))
                )
            attrs = [f.attr for f in d.fields]
            if len(set(attrs)) != len(attrs):
                raise SpecError(f"definition {d.name!r}: two fields map to the same attribute name")
        self.operations = self._operations()
        self.defs_by_cls = {d.cls: d for d in self.defs.values()}

    def ref(self, ref: str) -> Definition:
        """The definition a ``$ref`` points to."""
        name = ref.rsplit("/", 1)[-1]
        if name not in self.defs:
            raise SpecError(f"unknown $ref {ref!r}")
        return self.defs[name]

    def wire_type(self, schema: Dict[str, Any], where: str) -> str:
        """Wire type string (see kfp_server_api/model_base.py) of a property schema."""
        if "$ref" in schema:
            d = self.ref(schema["$ref"])
            if d.name in PLAIN_JSON_REFS:
                return PLAIN_JSON_REFS[d.name]
            return ("enum:" if d.enum is not None else "model:") + d.cls
        t, fmt = schema.get("type"), str(schema.get("format"))
        if t == "string":
            return {"date-time": "datetime", "int64": "int64", "uint64": "int64", "byte": "bytes"}.get(fmt, "str")
        if t == "integer":
            return "int64" if fmt in ("int64", "uint64") else "int32"
        if t == "number":
            return "double"
        if t == "boolean":
            return "bool"
        if t == "array":
            return "list:" + self.wire_type(schema.get("items", {}), where + "[]")
        if t == "object":
            if "additionalProperties" in schema:
                return "map:" + self.wire_type(schema["additionalProperties"], where + "{}")
            return "struct"
        raise SpecError(f"{where}: unsupported schema {schema!r}")

    def _operations(self) -> List["Op"]:
        ops = []
        for fname in SPEC_FILES:
            doc = self.docs[fname]
            for path, item in sorted(doc.get("paths", {}).items()):
                for http_method, o in sorted(item.items()):
                    if http_method == "parameters":
                        raise SpecError(f"{path}: path-level parameters are not supported")
                    ops.append(Op(self, fname, doc, path, http_method.upper(), o))
        names = [(o.api, o.name) for o in ops]
        if len(set(names)) != len(names):
            raise SpecError("two operations map to the same method name")
        return ops


class OpParam:
    """One parameter of an operation."""

    def __init__(self, spec: Spec, p: Dict[str, Any]) -> None:
        self.wire = p["name"]
        self.name = p["name"].replace(".", "_")
        self.location = {"formData": "form"}.get(p["in"], p["in"])
        self.required = bool(p.get("required"))
        self.enum = tuple(p.get("enum", ()))
        self.doc = (p.get("description") or p.get("title") or "").strip()
        if self.location == "body":
            d = spec.ref(p["schema"]["$ref"])
            self.type = d.cls
        else:
            self.type = {"string": "str", "integer": "int", "boolean": "bool", "file": "file"}.get(str(p.get("type")), "")
            if not self.type:
                raise SpecError(f"parameter {self.wire!r}: unsupported type {p.get('type')!r}")


class Op:
    """One operation of the spec."""

    def __init__(self, spec: Spec, fname: str, doc: Dict[str, Any], path: str, method: str, o: Dict[str, Any]) -> None:
        self.spec_file = fname
        self.path = path
        self.method = method
        self.operation_id = o["operationId"]
        self.name = method_name(self.operation_id)
        self.const = self.name.upper()
        tags = o.get("tags") or ["Default"]
        self.tag = tags[0]
        self.api = self.tag + "Api"
        self.api_module = snake(self.api)
        self.summary = (o.get("summary") or "").strip()
        self.description = (o.get("description") or "").strip()
        self.params = [OpParam(spec, p) for p in o.get("parameters", [])]
        ok = o.get("responses", {}).get("200", {})
        schema = ok.get("schema")
        self.response_desc = (ok.get("description") or "").strip()
        if schema and "$ref" in schema:
            self.response_type = spec.ref(schema["$ref"]).cls
        else:
            self.response_type = "object"
        self.responses = sorted(
            (code, (r.get("description") or "").strip(), spec.ref(r["schema"]["$ref"]).cls if "$ref" in r.get("schema", {}) else "")
            for code, r in o.get("responses", {}).items()
        )
        self.consumes = tuple(o.get("consumes") or doc.get("consumes") or ("application/json",))
        self.produces = tuple(o.get("produces") or doc.get("produces") or ("application/json",))
        security = o.get("security", doc.get("security", []))
        self.auth = tuple(sorted({name for req in security for name in req}))
        self.idempotent = method in IDEMPOTENT_METHODS

    @property
    def required(self) -> List[OpParam]:
        """Required parameters, in spec order."""
        return [p for p in self.params if p.required]

    @property
    def optional(self) -> List[OpParam]:
        """Optional parameters, in spec order."""
        return [p for p in self.params if not p.required]

    @property
    def has_body(self) -> bool:
        """True when the request carries a JSON body or a multipart form."""
        return any(p.location in ("body", "form") for p in self.params)


# ---------------------------------------------------------------------------------------------
# Rendering


_TEMPLATE_CACHE: Dict[str, Template] = {}


def template(name: str) -> Template:
    """The ``string.Template`` of ``codegen/templates/<name>`` (read once)."""
    if name not in _TEMPLATE_CACHE:
        with open(os.path.join(TEMPLATES, name), encoding="utf-8") as f:
            _TEMPLATE_CACHE[name] = Template(f.read())
    return _TEMPLATE_CACHE[name]


def render(template_name: str, **kw: Any) -> str:
    """A template filled in, with trailing blanks removed and exactly one final newline."""
    out = template(template_name).substitute(**kw)
    return re.sub(r"[ \t]+\n", "\n", out).rstrip("\n") + "\n"


#: Scalar wire type -> (``openapi_types`` value, constructor annotation).
# wire type -> (openapi_types value, constructor annotation, attribute annotation)
SCALAR_TYPES = {
    "str": ("str", "str", "str"),
    "int32": ("int", "int", "int"),
    "int64": ("int", "int", "int"),
    "double": ("float", "float", "float"),
    "bool": ("bool", "bool", "bool"),
    "datetime": ("datetime", "Union[datetime, str]", "datetime"),
    "bytes": ("bytes", "bytes", "bytes"),
    "object": ("object", "Any", "Any"),
    "struct": ("dict(str, object)", "Dict[str, Any]", "Dict[str, Any]"),
    "listvalue": ("list[object]", "List[Any]", "List[Any]"),
}


def _type_text(wire: str, col: int) -> str:
    if wire in SCALAR_TYPES:
        return SCALAR_TYPES[wire][col]
    if wire.startswith("enum:"):
        return "str"
    if wire.startswith("model:"):
        return f"Union[{wire[6:]}, Dict[str, Any]]" if col == 1 else wire[6:]
    if wire.startswith("list:"):
        inner = _type_text(wire[5:], col)
        return ("list[{}]", "Sequence[{}]", "List[{}]")[col].format(inner)
    if wire.startswith("map:"):
        inner = _type_text(wire[4:], col)
        return f"dict(str, {inner})" if col == 0 else f"Dict[str, {inner}]"
    raise SpecError(f"unknown wire type {wire!r}")


def python_type(wire: str) -> str:
    """Wire type -> ``openapi_types`` value."""
    return _type_text(wire, 0)


def hint(wire: str) -> str:
    """Wire type -> constructor annotation (without Optional)."""
    return _type_text(wire, 1)


def attr_hint(wire: str) -> str:
    """Wire type -> annotation of the attribute (what a decoded model holds)."""
    return _type_text(wire, 2)


def wire_note(wire: str) -> str:
    """What a reader of the docs should know about a field's wire form."""
    if wire == "int64":
        return "int64: a JSON string on the wire"
    if wire == "datetime":
        return "RFC 3339 timestamp on the wire"
    if wire == "bytes":
        return "base64 on the wire"
    if wire == "object":
        return "any JSON value (google.protobuf.Value)"
    if wire.startswith("enum:"):
        return f"one of {wire[5:]}"
    return ""


def referenced_classes(wire: str) -> List[str]:
    """Model classes named by a wire type (enum-typed fields hold plain strings)."""
    m = re.search(r"model:(\w+)", wire)
    return [m.group(1)] if m else []


def header(src: str, md: bool = False) -> str:
    """The first line of a generated file derived from ``src``."""
    return (HEADER_MD if md else HEADER_PY).format(src=src)


def model_module(spec: Spec, d: Definition) -> str:
    """``kfp_server_api/models/<module>.py`` of a definition (a model or an enum)."""
    src = f"spec/{d.spec_file}"
    if d.enum is not None:
        for v in d.enum:
            if not v.isidentifier() or keyword.iskeyword(v):
                raise SpecError(f"enum {d.name}: value {v!r} is not a Python identifier")
        doc = (d.doc + "\n\n" if d.doc else "") + "Allowed values: " + ", ".join(f"``{v}``" for v in d.enum) + "."
        return render(
            "enum.py.tmpl",
            header=header(src),
            class_name=d.cls,
            def_name=d.name,
            doc=docstring(doc, "    "),
            constants="\n".join(f"    {v} = {lit(v)}" for v in d.enum),
            values=", ".join(d.enum) + ("," if len(d.enum) == 1 else ""),
        )
    base = SPECIAL_BASES.get(d.name, "Model")
    refs = sorted({c for f in d.fields for c in referenced_classes(f.wire) if c != d.cls})
    hints = " ".join(hint(f.wire) + " " + attr_hint(f.wire) for f in d.fields)
    typing_names = ["Any"] + [n for n in ("Dict", "List", "Sequence", "Union") if n + "[" in hints]
    if any(hint(f.wire) != "Any" for f in d.fields):
        typing_names.append("Optional")
    type_imports = ["    from datetime import datetime"] if "datetime" in hints else []
    type_imports.append(f"    from typing import {', '.join(sorted(typing_names))}")
    if refs:
        type_imports.append("")
    type_imports += [f"    from kfp_server_api.models.{snake(c)} import {c}" for c in refs]
    ivars = []
    for f in d.fields:
        note = wire_note(f.wire)
        text = one_line(f.doc) or "(no description in the spec)"
        extras = [python_type(f.wire)] + ([note] if note else []) + (["read-only"] if f.read_only else [])
        if f.attr != f.json_name:
            extras.append(f"JSON {f.json_name!s}")
        ivars.append(f":ivar {f.attr}: {text} ({'; '.join(extras)})")
    doc = (d.doc or f"The ``{d.name}`` message.") + ("\n\n" + "\n".join(ivars) if ivars else "")
    extra_attrs = ""
    items = [f for f in d.fields if f.wire.startswith("list:model:")]
    if re.match(r"^apiList\w+Response$", d.name) and len(items) == 1:
        extra_attrs = f"    _items_field = {lit(items[0].attr)}\n"
    params = []
    for f in d.fields:
        h = hint(f.wire)
        params.append(f"        {f.attr}: {h} = None," if h == "Any" else f"        {f.attr}: Optional[{h}] = None,")
    args = ", ".join(f.attr for f in d.fields) + ("," if len(d.fields) == 1 else "")
    annotations = "".join(
        f"    {f.attr}: {attr_hint(f.wire) if attr_hint(f.wire) == 'Any' else f'Optional[{attr_hint(f.wire)}]'}\n"
        for f in d.fields
    )
    return render(
        "model.py.tmpl",
        annotations=annotations,
        header=header(src),
        class_name=d.cls,
        def_name=d.name,
        base=base,
        type_imports="\n".join(type_imports),
        doc=docstring(doc, "    "),
        slots=", ".join(lit(f.attr) for f in d.fields) + ("," if len(d.fields) == 1 else ""),
        openapi_types="\n".join(f"        {lit(f.attr)}: {lit(python_type(f.wire))}," for f in d.fields),
        attribute_map="\n".join(f"        {lit(f.attr)}: {lit(f.json_name)}," for f in d.fields),
        wire_types="\n".join(f"        {lit(f.attr)}: {lit(f.wire)}," for f in d.fields),
        extra_attrs=extra_attrs,
        params="\n".join(params),
        args=args,
    )


def param_hint(p: OpParam) -> str:
    """The annotation of a parameter in a generated method signature."""
    if p.type == "file":
        return FILE_TYPE
    if p.name == "filter" and p.type == "str":
        return "Union[str, ApiFilter, None]"
    base = p.type
    return base if p.required else f"Optional[{base}]"


def method_doc(op: Op) -> str:
    """The docstring of a generated method: summary, description, params, return."""
    parts = [op.summary or f"{op.method} {op.path}"]
    if op.description:
        parts.append(op.description)
    lines = []
    for p in op.params:
        notes = ["required" if p.required else "optional"]
        if p.enum:
            notes.append("one of " + ", ".join(p.enum))
        if p.wire != p.name:
            notes.append(f"sent as ``{p.wire}``")
        if p.name == "filter":
            notes.append("an ``ApiFilter`` is sent as its JSON")
        lines.append(f":param {p.name}: {one_line(p.doc) or '(no description)'} ({'; '.join(notes)})")
        ptype = "str or ApiFilter" if p.name == "filter" else (FILE_TYPE if p.type == "file" else p.type)
        lines.append(f":type {p.name}: {ptype}")
    lines.append(
        ":param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, "
        "``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``"
    )
    lines.append(f":return: {op.response_type if op.response_type != 'object' else 'the JSON body (``{}``)'}")
    lines.append(":raises ApiException: when the server answers with an error status")
    parts.append("\n".join(lines))
    return "\n\n".join(parts)


def api_module(spec: Spec, api: str, ops: List[Op]) -> str:
    """``kfp_server_api/api/<api>.py``: the Operation values and the API class."""
    srcs = sorted({o.spec_file for o in ops})
    src = ", ".join(f"spec/{s}" for s in srcs)
    refs = set()
    needs = {"Tuple"}
    for o in ops:
        if o.response_type != "object":
            refs.add(o.response_type)
        for p in o.params:
            if p.location == "body":
                refs.add(p.type)
            if p.name == "filter" and p.type == "str":
                refs.add("ApiFilter")
                needs.add("Union")
            if p.type == "file":
                needs.update({"Union", "BinaryIO"})
            if not p.required:
                needs.add("Optional")
    type_imports = []
    if any(p.type == "file" for o in ops for p in o.params):
        type_imports.append("    import os")
    type_imports.append(f"    from typing import {', '.join(sorted(needs))}")
    type_imports.append("")
    type_imports += [f"    from kfp_server_api.models.{snake(c)} import {c}" for c in sorted(refs)]
    operations = []
    methods = []
    for o in ops:
        params = ", ".join(
            "Param("
            + ", ".join(
                [f"name={lit(p.name)}", f"wire={lit(p.wire)}", f"location={lit(p.location)}", f"type={lit(p.type)}"]
                + (["required=True"] if p.required else [])
                + ([f"enum={lit(p.enum)}"] if p.enum else [])
                + ([f"doc={lit(p.doc)}"] if p.doc else [])
            )
            + ")"
            for p in o.params
        )
        if o.params:
            params = "\n        " + params.replace("), Param(", "),\n        Param(") + ",\n    "
        operations.append(
            render(
                "operation.py.tmpl",
                method=o.method,
                path=o.path,
                const=o.const,
                name=lit(o.name),
                api=lit(o.api),
                operation_id=lit(o.operation_id),
                method_lit=lit(o.method),
                path_lit=lit(o.path),
                params=params,
                response_type=lit(o.response_type),
                consumes=lit(o.consumes),
                produces=lit(o.produces),
                auth=lit(o.auth),
                idempotent=repr(o.idempotent),
                summary=lit(one_line(o.summary)),
            )
        )
        sig = ["self"]
        sig += [f"{p.name}: {param_hint(p)} = REQUIRED" for p in o.required]
        if o.optional:
            sig.append("*")
            sig += [f"{p.name}: {param_hint(p)} = None" for p in o.optional]
        sig.append("**kwargs: Any")
        signature = ", ".join(sig)
        if len(signature) > 70:
            signature = "\n        " + ",\n        ".join(sig) + ",\n    "
        methods.append(
            render(
                "method.py.tmpl",
                name=o.name,
                signature=signature,
                return_type=o.response_type if o.response_type != "object" else "Any",
                doc=docstring(method_doc(o), "        "),
                const=o.const,
                args=", ".join(f"{lit(p.name)}: {p.name}" for p in o.params),
            )
        )
    return render(
        "api.py.tmpl",
        header=header(src),
        api_class=api,
        tag=ops[0].tag,
        type_imports="\n".join(type_imports),
        operations="".join(operations).rstrip("\n"),
        operation_map="\n".join(f"    {lit(o.name)}: {o.const}," for o in ops),
        operation_imports=", ".join(
            (["REQUIRED"] if any(o.required for o in ops) else [])
            + ["BaseApi", "Operation"]
            + (["Param"] if any(o.params for o in ops) else [])
        ),
        methods="".join(methods).rstrip("\n"),
    )


def apis_of(spec: Spec) -> Dict[str, List[Op]]:
    """Operations grouped by API class, both sorted."""
    apis: Dict[str, List[Op]] = {}
    for o in spec.operations:
        apis.setdefault(o.api, []).append(o)
    return {a: sorted(ops, key=lambda o: o.name) for a, ops in sorted(apis.items())}


def generate(root: str) -> Dict[str, str]:
    """Every generated file: relative path -> content."""
    spec = Spec(os.path.join(root, "spec"))
    out: Dict[str, str] = {}
    defs = sorted(spec.defs.values(), key=lambda d: d.cls)
    for d in defs:
        out[f"kfp_server_api/models/{d.module}.py"] = model_module(spec, d)
    apis = apis_of(spec)
    for api, ops in apis.items():
        out[f"kfp_server_api/api/{snake(api)}.py"] = api_module(spec, api, ops)
    out["kfp_server_api/api/__init__.py"] = render(
        "api_init.py.tmpl",
        header=header(ALL_SPECS),
        imports="\n".join(f"    from kfp_server_api.api.{snake(a)} import {a}" for a in apis),
        all="\n".join(f"    {lit(a)}," for a in apis) + '\n    "ALL_OPERATIONS",',
    )
    out["kfp_server_api/models/__init__.py"] = render(
        "models_init.py.tmpl",
        header=header(ALL_SPECS),
        imports="\n".join(f"    from kfp_server_api.models.{d.module} import {d.cls}" for d in defs),
        all="\n".join(f"    {lit(d.cls)}," for d in defs),
    )
    out["kfp_server_api/_exports.py"] = render(
        "exports.py.tmpl",
        header=header(ALL_SPECS),
        models="\n".join(f"    {lit(d.cls)}: {lit('kfp_server_api.models.' + d.module)}," for d in defs),
        apis="\n".join(f"    {lit(a)}: {lit('kfp_server_api.api.' + snake(a))}," for a in apis),
    )
    out.update(generate_docs(spec, defs, apis))
    return out


# ---------------------------------------------------------------------------------------------
# Writing / checking


GENERATED_GLOBS = (
    ("kfp_server_api/models", ".py"),
    ("kfp_server_api/api", ".py"),
    ("kfp_server_api", ".py"),
    ("docs", ".md"),
)


def existing_generated(root: str) -> List[str]:
    """Files in the output directories whose first line is a generated header."""
    found = []
    for folder, ext in GENERATED_GLOBS:
        full = os.path.join(root, folder)
        if not os.path.isdir(full):
            continue
        for name in sorted(os.listdir(full)):
            path = os.path.join(full, name)
            if not name.endswith(ext) or not os.path.isfile(path):
                continue
            try:
                with open(path, encoding="utf-8") as f:
                    first = f.readline()
            except (OSError, UnicodeDecodeError):
                continue
            if first.startswith(HEADER_PREFIXES):
                found.append(f"{folder}/{name}")
    return found


def compare(root: str, files: Dict[str, str]) -> List[Tuple[str, str]]:
    """(path, problem) for every generated file that is not as the generator would write it."""
    problems = []
    for rel, content in sorted(files.items()):
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            problems.append((rel, "missing"))
            continue
        with open(path, encoding="utf-8", newline="") as f:
            if f.read() != content:
                problems.append((rel, "differs"))
    for rel in existing_generated(root):
        if rel not in files:
            problems.append((rel, "stale (generated, no longer produced)"))
    return problems


def write(root: str, files: Dict[str, str]) -> List[str]:
    """Write the files that changed and remove stale generated ones; returns what changed."""
    changed = []
    for rel, content in sorted(files.items()):
        path = os.path.join(root, rel)
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8", newline="") as f:
                old = f.read()
        if old != content:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(content)
            changed.append(rel)
    for rel in existing_generated(root):
        if rel not in files:
            os.remove(os.path.join(root, rel))
            changed.append(rel + " (removed)")
    return changed


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the tree differs")
    parser.add_argument("--root", default=os.path.dirname(HERE), help="project root (default: beside codegen/)")
    args = parser.parse_args(argv)
    try:
        files = generate(args.root)
    except SpecError as e:
        print(f"generate.py: spec error: {e}", file=sys.stderr)
        return 2
    if args.check:
        problems = compare(args.root, files)
        for rel, what in problems:
            print(f"{rel}: {what}")
        if problems:
            print(f"{len(problems)} generated file(s) out of date: run python codegen/generate.py", file=sys.stderr)
            return 1
        print(f"{len(files)} generated files up to date")
        return 0
    changed = write(args.root, files)
    for rel in changed:
        print(f"wrote {rel}")
    print(f"{len(files)} generated files, {len(changed)} changed")
    return 0


def md(text: str) -> str:
    """Spec text as one Markdown table cell."""
    return one_line(text).replace("|", "\\|")


def md_type(t: str) -> str:
    """A Python type name with model names linked to their pages."""
    return re.sub(r"\b(Api\w+|Protobuf\w+|PipelineSpec\w+|ReportRun\w+|RunMetric\w+|JobMode|PredicateOp)\b", r"[\1](\1.md)", t)


def example_value(name: str, ptype: str, enum: Sequence[str]) -> str:
    """A Python literal to show for a parameter or field in examples."""
    if enum:
        known = [v for v in enum if not v.startswith("UNKNOWN") and "UNSPECIFIED" not in v]
        return lit((known or list(enum))[0])
    if name == "filter":
        return repr('{"predicates": [{"key": "name", "op": "EQUALS", "string_value": "my-pipeline"}]}')
    return {
        "str": lit(f"{name}_example"), "int": "10", "bool": "True", "float": "0.5",
        "file": lit("pipeline.yaml") + "  # a file path, bytes, a binary file object or (filename, bytes)",
        "datetime": lit("2024-01-01T00:00:00Z"), "bytes": "b\"data\"",
    }.get(ptype, f"kfp_server_api.{ptype}()")


def api_doc(spec: Spec, api: str, ops: List[Op]) -> str:
    """``docs/<ApiClass>.md``: method table, then per method example, parameters, details."""
    srcs = ", ".join(f"spec/{s}" for s in sorted({o.spec_file for o in ops}))
    table = "\n".join(f"| [{o.name}](#{o.name}) | **{o.method}** {o.path} | {md(o.summary)} |" for o in ops)
    methods = []
    for o in ops:
        rt = o.response_type if o.response_type != "object" else "object"
        call = ", ".join([p.name for p in o.required] + [f"{p.name}={p.name}" for p in o.optional])
        values = []
        for p in o.params:
            v = example_value(p.name, p.type, p.enum)
            opt = "" if p.required else " (optional)"
            values.append(f"    {p.name} = {v}  # {p.type}{opt}" if "#" not in v else f"    {p.name} = {v}")
        rows = ["| Name | Type | Description | Notes |", "|---|---|---|---|"]
        for p in o.params:
            notes = ["required" if p.required else "optional"]
            if p.enum:
                notes.append("one of " + ", ".join(f"`{v}`" for v in p.enum))
            if p.wire != p.name:
                notes.append(f"sent as `{p.wire}`")
            where = {"path": "path", "query": "query", "body": "JSON body", "form": "multipart form field"}[p.location]
            notes.append(f"in {where}")
            ptype = {"file": "file path, bytes, binary file or (filename, bytes)"}.get(p.type, p.type)
            if p.name == "filter":
                ptype = "str or ApiFilter"
            rows.append(f"| **{p.name}** | {md_type(ptype)} | {md(p.doc)} | {'; '.join(notes)} |")
        params_table = "\n".join(rows) if o.params else "This endpoint does not need any parameter."
        content_type = (
            ", ".join(o.consumes) if any(p.location == "form" for p in o.params)
            else ("application/json" if o.has_body else "Not defined")
        )
        responses = "\n".join(
            f"| {code} | {md(desc) or '-'} | {md_type(rtype) if rtype else ('object' if code == '200' else '-')} |"
            for code, desc, rtype in o.responses
        )
        methods.append(
            render(
                "api_method.md.tmpl",
                name=o.name,
                return_type=rt,
                call_signature=call,
                description="\n\n".join(x for x in (o.summary, o.description) if x) or f"{o.method} {o.path}",
                auth_intro=(
                    "The API server expects a Bearer token in the `authorization` header (Api Key Authentication, `Bearer`)."
                    if o.auth else "No authorization is required by the spec."
                ),
                api_class=api,
                example_values="\n".join(values),
                example_args=", ".join([p.name for p in o.required] + [f"{p.name}={p.name}" for p in o.optional]),
                params_table=params_table,
                return_doc=md_type(rt) if rt != "object" else "object (the empty JSON object `{}`)",
                auth=", ".join(f"[{a}](README.md#{a})" for a in o.auth) or "No authorization required",
                content_type=content_type,
                accept=", ".join(o.produces),
                responses=responses,
            )
        )
    return render(
        "api_doc.md.tmpl",
        header=header(srcs, md=True),
        api_class=api,
        tag=ops[0].tag,
        method_table=table,
        methods="".join(methods).rstrip("\n"),
    )


def model_doc(spec: Spec, d: Definition) -> str:
    """``docs/<Model>.md``: properties (or allowed values) and an example."""
    if d.enum is not None:
        kind = "enum"
        body = "## Allowed values\n\n| Constant | Value |\n|---|---|\n" + "\n".join(
            f"| `{d.cls}.{v}` | `{lit(v)}` |" for v in d.enum
        ) + (
            "\n\nFields of this type hold plain strings; values read from a newer server that this"
            " client does not know are kept as they are."
        )
        const = [v for v in d.enum if not v.startswith("UNKNOWN") and "UNSPECIFIED" not in v] or list(d.enum)
        example = (
            f"import kfp_server_api\n\nvalue = kfp_server_api.{d.cls}.{const[0]}\n"
            f"assert value == {lit(const[0])}\nassert value in kfp_server_api.{d.cls}.allowable_values"
        )
    else:
        kind = "model"
        rows = ["| Name | Type | JSON name | Description | Notes |", "|---|---|---|---|---|"]
        for f in d.fields:
            notes = ["optional"]
            note = wire_note(f.wire)
            if f.wire.startswith("enum:"):
                note = f"one of [{f.wire[5:]}]({f.wire[5:]}.md)"
            if note:
                notes.append(note)
            if f.read_only:
                notes.append("read-only")
            rows.append(
                f"| **{f.attr}** | {md_type(python_type(f.wire))} | `{f.json_name}` | {md(f.doc)} | {'; '.join(notes)} |"
            )
        body = "## Properties\n\n" + ("\n".join(rows) if d.fields else "This model has no properties.")
        if d.name in SPECIAL_BASES:
            body += {
                "protobufValue": "\n\nOn the wire a `ProtobufValue` is the bare JSON value (canonical protobuf JSON); "
                "fields typed with it hold plain Python values. `ProtobufValue.from_python(v)` and `.to_python()` convert.",
                "protobufStruct": "\n\nOn the wire a `ProtobufStruct` is a bare JSON object; fields typed with it hold dicts.",
                "protobufListValue": "\n\nOn the wire a `ProtobufListValue` is a bare JSON array; fields typed with it hold lists.",
                "protobufAny": "\n\nOn the wire: `{\"@type\": type_url, ...}`; `@type` is read into `type_url` and the "
                "message's other fields are kept and written back unchanged.",
            }[d.name]
        args: List[str] = []
        for f in d.fields:
            if len(args) == 3:
                break
            w = f.wire
            ptype = {"str": "str", "int32": "int", "int64": "int", "double": "float", "bool": "bool",
                     "datetime": "datetime", "bytes": "bytes"}.get(w)
            enum = spec.defs_by_cls[w[5:]].enum if w.startswith("enum:") else ()
            if ptype or enum:
                args.append(f"{f.attr}={example_value(f.attr, ptype or 'str', enum or ())}")
        special_args = {"protobufStruct": 'fields={"a": 1.0, "b": [True, None]}', "protobufListValue": 'values=[1.0, "x"]'}
        if d.name in special_args:
            args = [special_args[d.name]]
        if d.name == "protobufValue":
            example = (
                "import kfp_server_api\n\nvalue = kfp_server_api.ProtobufValue.from_python(1.5)\n"
                "assert value.number_value == 1.5\nassert value.to_json() == 1.5"
            )
        else:
            example = (
                f"import kfp_server_api\n\nmodel = kfp_server_api.{d.cls}({', '.join(args)})\n"
                f"data = model.to_json()  # JSON-ready dict with the JSON names\n"
                f"assert kfp_server_api.{d.cls}.from_json(data) == model"
            )
    return render(
        "model_doc.md.tmpl",
        header=header(f"spec/{d.spec_file}", md=True),
        class_name=d.cls,
        module=d.module,
        def_name=d.name,
        kind=kind,
        spec_file=d.spec_file,
        description=d.doc or f"The `{d.name}` message.",
        body=body,
        example=example,
    )


def generate_docs(spec: Spec, defs: List[Definition], apis: Dict[str, List[Op]]) -> Dict[str, str]:
    """Reference pages: docs/<ApiClass>.md, docs/<Model>.md and docs/README.md."""
    out = {f"docs/{api}.md": api_doc(spec, api, ops) for api, ops in apis.items()}
    for d in defs:
        out[f"docs/{d.cls}.md"] = model_doc(spec, d)
    endpoints = "\n".join(
        f"| [{api}]({api}.md) | [{o.name}]({api}.md#{o.name}) | **{o.method}** {o.path} | {md(o.summary)} |"
        for api, ops in apis.items()
        for o in ops
    )
    models = "\n".join(f"| [{d.cls}]({d.cls}.md) | {md(d.doc.split(chr(10) + chr(10))[0]) or '-'} |" for d in defs)
    sec = spec.docs[SPEC_FILES[0]].get("securityDefinitions", {})
    auth = "\n\n".join(
        f'<a name="{name}"></a>\n### {name}\n\n- **Type**: API key\n- **API key parameter name**: `{s.get("name")}`\n'
        f'- **Location**: HTTP {s.get("in")}\n- Set it with `Configuration(api_key={{"{s.get("name")}": token}}, '
        f'api_key_prefix={{"{s.get("name")}": "Bearer"}})`.'
        for name, s in sorted(sec.items())
    ) or "No authorization defined."
    out["docs/README.md"] = render(
        "readme.md.tmpl",
        header=header(ALL_SPECS, md=True),
        version=spec.docs[SPEC_FILES[0]].get("info", {}).get("version", ""),
        endpoints=endpoints,
        models=models,
        auth=auth,
    )
    return out


if __name__ == "__main__":
    sys.exit(main())
