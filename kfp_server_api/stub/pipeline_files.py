"""Pipeline files as the real server reads them: formats, archives and template detection.

:func:`read_pipeline_file` follows ``server/util.go:ReadPipelineFile`` (the 32 MiB limit, the
file-name suffix first, then zip / tar.gz by magic bytes), :func:`load_template` follows
``template/template.go`` (Argo workflow or KFP v2 IR ``PipelineSpec``, else ``unknown template
format``). See section 7.4-7.7 of the server-semantics notes.

Archives come from untrusted clients, so nothing here trusts a declared size or writes to disk:
member names are only compared as strings (``../../x`` is just a name), decompression is read
in bounded chunks and stopped at the limit, and every failure is a :class:`StubError`
(HTTP 400 unless stated otherwise), never another exception.
"""
import copy
import gzip
import io
import json
import math
import re
import tarfile
import zipfile
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from . import jsonpb, yamlish
from .errors import StubError

__all__ = [
    "MAX_FILE_LENGTH",
    "MAX_ARCHIVE_EXPANSION",
    "Template",
    "read_pipeline_file",
    "load_template",
    "parse_manifest",
]

#: ``common/const.go:MaxFileLength``: the largest pipeline file (and archive member) accepted.
MAX_FILE_LENGTH = 33554432
#: Most bytes decompressed from one tar.gz in total (members skipped while looking for
#: ``pipeline.yaml`` included), so that a gzip bomb costs bounded time as well as memory.
MAX_ARCHIVE_EXPANSION = 4 * MAX_FILE_LENGTH

_YAML_SUFFIXES = (".yaml", ".yml")
_FILE_SUFFIXES = _YAML_SUFFIXES + (".json",)
_CHUNK = 1 << 16

#: The only Argo API version the real server accepts for workflows.
ARGO_API_VERSION = "argoproj.io/v1alpha1"
_ARGO_GROUP = "argoproj.io/"
_PIPELINE_SPEC_ANNOTATION = "pipelines.kubeflow.org/pipeline_spec"

# PipelineSpec fields (protojson accepts the JSON name and the proto name of each).
_V2_FIELDS = {
    "pipelineInfo": "pipelineInfo", "pipeline_info": "pipelineInfo",
    "deploymentSpec": "deploymentSpec", "deployment_spec": "deploymentSpec",
    "sdkVersion": "sdkVersion", "sdk_version": "sdkVersion",
    "schemaVersion": "schemaVersion", "schema_version": "schemaVersion",
    "components": "components", "root": "root",
    "defaultPipelineRoot": "defaultPipelineRoot", "default_pipeline_root": "defaultPipelineRoot",
}
_V2_MESSAGES = {"pipelineInfo", "deploymentSpec", "components", "root"}
_V2_INFO_FIELDS = {
    "name": "name", "displayName": "displayName", "display_name": "displayName",
    "description": "description",
}
_V2_NAME_RE = re.compile(r"[a-z0-9]")  # unanchored, as in the real server [quirk]

# Key order of Go's metav1.ObjectMeta, which the stored Argo JSON follows.
_OBJECT_META_ORDER = (
    "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
    "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
    "annotations", "ownerReferences", "finalizers", "managedFields",
)
# Go's encoding/json escapes these even inside strings; mimic it for byte-compatible text.
_GO_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _invalid(msg: str, *, prefix: str = "") -> StubError:
    err = StubError.invalid_input(msg)
    return err.wrap(prefix) if prefix else err


def _too_large() -> StubError:
    return _invalid(f"File size too large. Maximum supported size: {MAX_FILE_LENGTH}")


class _TooLarge(Exception):
    """Raised inside the archive readers when the limit is reached."""


def _read_bounded(stream: Any, limit: int) -> bytes:
    """Read ``stream`` to its end, refusing (``_TooLarge``) more than ``limit`` bytes."""
    buf = bytearray()
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - len(buf)))
        if not chunk:
            return bytes(buf)
        buf += chunk
        if len(buf) > limit:
            raise _TooLarge()


# -- step 1-4: the file ------------------------------------------------------------------

def read_pipeline_file(filename: str, data: bytes) -> bytes:
    """The pipeline document inside an uploaded or downloaded file (7.4 steps 1-4).

    ``filename`` decides first (``.yaml``/``.yml``/``.json``, case-sensitive: used as is);
    otherwise the magic bytes: zip (``PK``) or tar.gz (``1F 8B``), from which ``pipeline.yaml``
    or else the first entry (which must be ``*.yaml``/``*.yml``) is read. Raises a 400
    :class:`StubError` for anything else, for files or members over :data:`MAX_FILE_LENGTH`
    and for broken archives.
    """
    if len(data) > MAX_FILE_LENGTH:
        raise _too_large()
    name = filename or ""
    if name.endswith(_FILE_SUFFIXES):
        return bytes(data)
    if data[:2] == b"PK":
        return _from_zip(data)
    if data[:2] == b"\x1f\x8b":
        return _from_tarball(data)
    raise _invalid("Unexpected pipeline file format. Support .zip, .tar.gz, .json or YAML.")


_DECOMPRESS = "Error decompress the pipeline file"


def _from_zip(data: bytes) -> bytes:
    what = "Error extracting pipeline from the zip file."
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # zipfile raises a zoo of types on hostile input; all mean "not a zip"
        raise _invalid(f"{what} Not a valid zip file.", prefix=_DECOMPRESS) from None
    with archive:
        return _zip_member(archive, what)


def _zip_member(archive: zipfile.ZipFile, what: str) -> bytes:
    members = archive.infolist()
    if not members:
        raise _invalid(f"{what} Empty zip file.", prefix=_DECOMPRESS)
    chosen = next((m for m in members if m.filename == "pipeline.yaml"), members[0])
    if not chosen.filename.endswith(_YAML_SUFFIXES) or chosen.is_dir():
        raise _invalid(
            f"{what} Expecting a pipeline.yaml file inside the zip. Got: {chosen.filename}",
            prefix=_DECOMPRESS,
        )
    if chosen.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # The real server (Go archive/zip) only knows these two methods.
        raise _invalid(f"{what} Failed to read the content.", prefix=_DECOMPRESS)
    try:
        with archive.open(chosen) as member:
            return _read_bounded(member, MAX_FILE_LENGTH)
    except _TooLarge:
        raise _too_large() from None
    except Exception:
        raise _invalid(f"{what} Failed to read the content.", prefix=_DECOMPRESS) from None


class _CappedReader:
    """A read-only stream that refuses to deliver more than ``cap`` bytes in total."""

    def __init__(self, raw: Any, cap: int) -> None:
        self.raw = raw
        self.left = cap

    def read(self, n: int = -1) -> bytes:
        want = self.left + 1 if n is None or n < 0 else min(n, self.left + 1)
        chunk = self.raw.read(want)
        self.left -= len(chunk)
        if self.left < 0:
            raise _TooLarge()
        return chunk


def _tar_members(data: bytes) -> Iterator[Tuple[tarfile.TarFile, tarfile.TarInfo]]:
    """Stream the tar inside a gzip: yields ``(tarfile, member)``; nothing is extracted."""
    raw = _CappedReader(gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb"), MAX_ARCHIVE_EXPANSION)
    with tarfile.open(fileobj=raw, mode="r|") as archive:  # type: ignore[call-overload]
        for member in archive:
            yield archive, member


def _from_tarball(data: bytes) -> bytes:
    what = "Error extracting pipeline from the tarball file."
    not_valid = f"{what} Not a valid tarball file."
    try:
        # The archive is streamed twice at most (like the real server): once looking for
        # pipeline.yaml, then again for the first entry.
        for archive, member in _tar_members(data):
            if member.name == "pipeline.yaml" and member.isfile():
                return _read_member(archive, member)
        for archive, member in _tar_members(data):
            if not member.name.endswith(_YAML_SUFFIXES) or not member.isfile():
                yaml_named = member.name.endswith(_YAML_SUFFIXES)
                kind = " (not a regular file)" if yaml_named else ""
                raise _invalid(
                    f"{what} Expecting a pipeline.yaml file inside the tarball. Got: {member.name}{kind}",
                    prefix=_DECOMPRESS,
                )
            return _read_member(archive, member)
    except StubError:
        raise
    except _TooLarge:
        raise _too_large() from None
    except Exception:  # gzip/tarfile/zlib raise many types on corrupt input
        raise _invalid(not_valid, prefix=_DECOMPRESS) from None
    raise _invalid(not_valid, prefix=_DECOMPRESS)  # no entries at all


def _read_member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    if member.size > MAX_FILE_LENGTH:
        raise _TooLarge()
    stream = archive.extractfile(member)
    if stream is None:
        raise _invalid("Error reading pipeline YAML from the tarball file.", prefix=_DECOMPRESS)
    return _read_bounded(stream, MAX_FILE_LENGTH)


# -- step 5: the template ----------------------------------------------------------------

class Template:
    """A parsed pipeline template: an Argo ``Workflow`` (``kind == "argo"``) or a v2 IR spec.

    ``parameters`` are the Argo ``spec.arguments.parameters`` as ``(name, value or None)``
    (always ``[]`` for v2); ``obj`` is the parsed document.
    """

    def __init__(self, kind: str, obj: Dict[str, Any], parameters: List[Tuple[str, Optional[str]]]) -> None:
        self.kind = kind
        self.obj = obj
        self.parameters = parameters

    def __repr__(self) -> str:
        return f"Template(kind={self.kind!r}, parameters={self.parameters!r})"

    def stored_text(self, pipeline_name: str, namespace: str = "") -> str:
        """The template text the server stores and GetTemplate returns (7.7).

        Argo: compact JSON of the workflow (Go key order for the top level and ``metadata``,
        ``creationTimestamp: null`` and an empty ``status`` added as the Go struct does).
        v2: YAML with keys in alphabetical order and ``pipelineInfo.name`` overwritten to
        ``pipeline/<name>`` (``namespace/<ns>/pipeline/<name>`` in a namespace).
        """
        if self.kind == "argo":
            return _go_json(_argo_struct(self.obj))
        spec = copy.deepcopy(self.obj)
        full = f"namespace/{namespace}/pipeline/{pipeline_name}" if namespace else f"pipeline/{pipeline_name}"
        spec["pipelineInfo"]["name"] = full
        return yamlish.dumps(_sorted_keys(spec))

    def run_parameters_ok(self, names: Iterable[str]) -> Optional[str]:
        """The first of ``names`` that is not a parameter of this Argo workflow, else ``None``.

        v2 templates always answer ``None`` (the real server does not cross-check them).
        """
        if self.kind != "argo":
            return None
        known = {name for name, _ in self.parameters}
        return next((n for n in names if n not in known), None)

    def pipeline_name_hint(self) -> Optional[str]:
        """The pipeline name a raw manifest asks for (8.1 step 4), or ``None``.

        v2: ``pipelineInfo.name``. Argo: the ``pipeline-name`` workflow parameter, else the
        ``name`` in the ``pipelines.kubeflow.org/pipeline_spec`` annotation (KFP 1.x SDK).
        """
        if self.kind == "v2":
            return self.obj["pipelineInfo"].get("name") or None
        for name, value in self.parameters:
            if name == "pipeline-name" and value:
                return value
        annotations = (self.obj.get("metadata") or {}).get("annotations") or {}
        raw = annotations.get(_PIPELINE_SPEC_ANNOTATION) if isinstance(annotations, dict) else None
        if isinstance(raw, str):
            try:
                name = jsonpb.loads_limited(raw).get("name")
            except (ValueError, AttributeError):
                return None
            return name if isinstance(name, str) and name else None
        return None


def _unknown_format(detail: str = "") -> StubError:
    # External message as the real server's; the chain keeps the reason for humans.
    middle = f": {detail}" if detail else ""
    return StubError(
        3, f"Invalid input error: unknown template format{middle}: pipeline spec is invalid",
        "unknown template format",
    )


def _parse_document(text: bytes) -> Any:
    try:
        source = bytes(text).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unknown_format(f"the file is not UTF-8 text (byte {exc.start})") from None
    if source.lstrip().startswith("{"):
        try:
            return jsonpb.loads_limited(source, yamlish.MAX_DEPTH)
        except jsonpb.JSONTooDeep as exc:
            raise _unknown_format(str(exc)) from None
        except ValueError:
            pass  # JSON-looking YAML (flow style with comments, single quotes...)
    try:
        return yamlish.loads(source)
    except ValueError as exc:
        raise _unknown_format(str(exc)) from None


def load_template(text: bytes) -> Template:
    """Detect and validate the template in a pipeline document (7.4 step 5).

    Argo when ``apiVersion`` starts with ``argoproj.io/`` and ``kind`` is ``Workflow`` (the
    version must then be exactly ``argoproj.io/v1alpha1``); v2 IR when the document is a
    ``PipelineSpec`` with a non-empty ``pipelineInfo.name`` and a ``root``; else 400
    ``unknown template format``. Errors are :class:`StubError` with gRPC code 3 (400), also
    for Argo lint failures (a 500 on the real server: the stub never answers bad input with 500).
    """
    doc = _parse_document(text)
    if not isinstance(doc, dict):
        raise _unknown_format("the document is not a mapping")
    api_version = doc.get("apiVersion")
    if isinstance(api_version, str) and api_version.startswith(_ARGO_GROUP) and doc.get("kind") == "Workflow":
        return _argo_template(doc)
    v2 = _v2_spec(doc)
    if v2 is not None:
        return _v2_template(v2)
    raise _unknown_format()


def parse_manifest(text: str) -> Template:
    """A template from a run's or job's ``workflow_manifest``/``pipeline_manifest`` string."""
    if not isinstance(text, str):
        raise _unknown_format("the manifest is not a string")
    return load_template(text.encode("utf-8"))


def _argo_template(doc: Dict[str, Any]) -> Template:
    if doc["apiVersion"] != ARGO_API_VERSION:
        raise _invalid(
            f"Unsupported argo version. Expected: {ARGO_API_VERSION}. Received: {doc['apiVersion']}"
        )
    parse_error = "Failed to parse the workflow template"

    def mapping(value: Any, where: str) -> Dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise _invalid(f"{parse_error}: {where} must be an object")
        return value

    mapping(doc.get("metadata"), "metadata")
    spec = mapping(doc.get("spec"), "spec")
    arguments = mapping(spec.get("arguments"), "spec.arguments")
    raw_params = arguments.get("parameters") or []
    if not isinstance(raw_params, list):
        raise _invalid(f"{parse_error}: spec.arguments.parameters must be a list")
    parameters: List[Tuple[str, Optional[str]]] = []
    for i, param in enumerate(raw_params):
        where = f"spec.arguments.parameters[{i}]"
        param = mapping(param, where)
        name = param.get("name")
        if name is not None and not isinstance(name, str):
            raise _invalid(f"{parse_error}: {where}.name must be a string")
        if not name:
            # An Argo lint failure, which the real server answers with a 500; the stub never
            # answers bad input with a 500, so it is a 400 here.
            raise _invalid(f"Failed to validate the workflow: {where}.name is required")
        parameters.append((name, _argo_string(param.get("value"), f"{where}.value", parse_error)))
    try:
        _go_json(doc)
    except ValueError:
        raise _invalid(f"{parse_error}: NaN and infinite numbers cannot be encoded as JSON") from None
    return Template("argo", doc, parameters)


def _argo_string(value: Any, where: str, parse_error: str) -> Optional[str]:
    """Argo's ``AnyString``: scalars become their string form."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value) if value != int(value) else str(int(value))
    if isinstance(value, str):
        return value
    raise _invalid(f"{parse_error}: {where} must be a string")


def _v2_spec(doc: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """``doc`` with protojson field names normalised, or ``None`` if it is not a PipelineSpec."""
    spec: Dict[str, Any] = {}
    for key, value in doc.items():
        field = _V2_FIELDS.get(key) if isinstance(key, str) else None
        if field is None or field in spec:
            return None  # protojson rejects unknown and repeated fields
        if value is None:
            continue
        if field in _V2_MESSAGES and not isinstance(value, dict):
            return None
        if field not in _V2_MESSAGES and not isinstance(value, str):
            return None
        spec[field] = value
    info: Dict[str, Any] = {}
    for key, value in (spec.get("pipelineInfo") or {}).items():
        field = _V2_INFO_FIELDS.get(key) if isinstance(key, str) else None
        if field is None or field in info or not isinstance(value, (str, type(None))):
            return None
        if value is not None:
            info[field] = value
    if not info.get("name") or "root" not in spec:
        return None
    spec["pipelineInfo"] = info
    return spec


def _v2_template(spec: Dict[str, Any]) -> Template:
    name = spec["pipelineInfo"]["name"]
    if not _V2_NAME_RE.search(name):
        raise _invalid(
            f"pipeline name {name!r} is invalid: it must contain a lower-case letter or a digit"
        )
    try:
        json.dumps(spec, allow_nan=False)
    except ValueError:
        raise _unknown_format("NaN and infinite numbers cannot be encoded as JSON") from None
    return Template("v2", spec, [])


# -- re-serialisation ----------------------------------------------------------------------

def _argo_struct(doc: Dict[str, Any]) -> Dict[str, Any]:
    """The workflow as Go's ``json.Marshal`` of ``wfv1.Workflow`` lays it out."""
    meta = dict(doc.get("metadata") or {})
    meta.setdefault("creationTimestamp", None)
    ordered_meta = {k: meta[k] for k in _OBJECT_META_ORDER if k in meta}
    ordered_meta.update((k, v) for k, v in meta.items() if k not in ordered_meta)
    out: Dict[str, Any] = {"kind": doc.get("kind"), "apiVersion": doc.get("apiVersion"), "metadata": ordered_meta}
    out["spec"] = doc.get("spec") or {}
    status = doc.get("status")
    out["status"] = status if isinstance(status, dict) else {"startedAt": None, "finishedAt": None}
    return out


def _go_json(obj: Any) -> str:
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _GO_JSON_ESCAPES[m.group(0)], text)


def _sorted_keys(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _sorted_keys(obj[k]) for k in sorted(obj, key=str)}
    if isinstance(obj, list):
        return [_sorted_keys(v) for v in obj]
    return obj
