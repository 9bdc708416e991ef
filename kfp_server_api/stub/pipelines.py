"""Pipelines and pipeline versions (note section 7): upload, create from URL, templates.

Parsing of uploads, archives and templates lives in ``multipart.py`` / ``pipeline_files.py``;
this module holds the rules: names, uniqueness, default version = latest, parameters.
The stub never reaches the internet: ``CreatePipelineV1`` / ``CreatePipelineVersionV1`` fetch
``http(s)`` URLs on loopback hosts only and answer 501 for any other host (docs/stub-server.md).
"""
import http.client
import ipaddress
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple

from . import jsonpb
from .caller import ANONYMOUS, Caller
from .core import BackendCore, list_page, list_response, query_enum
from .errors import INVALID_ARGUMENT, NOT_FOUND, StubError
from .listing_specs import PIPELINES, VERSIONS

if TYPE_CHECKING:  # imported lazily at run time: most requests never parse a pipeline file
    from .pipeline_files import Template

#: What ``Request.upload_stream()`` gives: (stream, Content-Type, Content-Length or None).
UploadArg = Tuple[Any, str, Optional[int]]

MAX_NAME_LENGTH = 100
MAX_FILE_LENGTH = 33554432
FETCH_TIMEOUT = 10.0


def upload_error(message: str, http_status: int = 400) -> StubError:
    """An error of the upload routes: ``{"error_message","error_details"}`` body."""
    code = {400: INVALID_ARGUMENT, 404: NOT_FOUND}.get(http_status, INVALID_ARGUMENT)
    return StubError(code, message, message, http_status=http_status, style="upload")


def second_unescape(value: str, what: str) -> str:
    """The server URL-unescapes names once more (``+`` -> space; a bad ``%`` escape is an error)."""
    if "%" in value:
        for i, ch in enumerate(value):
            if ch == "%" and not all(c in "0123456789abcdefABCDEF" for c in value[i + 1:i + 3].ljust(2, "x")):
                raise StubError.invalid_input(f"{what} {value!r} is in an invalid format: bad % escape")
    return urllib.parse.unquote_plus(value)


def check_name(name: str) -> str:
    """Length rule of pipeline and version names."""
    if len(name) > MAX_NAME_LENGTH:
        raise StubError.invalid_input(
            f"Failed to extract pipeline's name as it is too long. Maximum length is {MAX_NAME_LENGTH}"
        )
    return name


def url_basename(url: str) -> str:
    """Last path segment of a URL, extension included ("" for a URL that cannot be parsed)."""
    try:
        path = urllib.parse.urlsplit(url).path
    except ValueError:  # e.g. an unclosed "[" -- fetch_url reports the bad URL itself
        return ""
    return path.rstrip("/").rsplit("/", 1)[-1]


def _loopback(host: Optional[str]) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def fetch_url(url: str) -> Tuple[str, bytes]:
    """Download a pipeline package from a loopback URL -> (file name, bytes)."""
    prefix = f"Failed to create a pipeline version due error downloading the pipeline spec from {url}"
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        # urlsplit silently drops tabs and line breaks, which http.client then refuses.
        raise StubError.invalid_input(f"{prefix}: invalid URL: it contains spaces or control characters")
    try:
        parts = urllib.parse.urlsplit(url)
        hostname, _port = parts.hostname, parts.port  # .port raises ValueError for a bad port
    except ValueError as exc:  # e.g. "Invalid IPv6 URL", "Port could not be cast to integer value"
        raise StubError.invalid_input(f"{prefix}: invalid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not hostname:
        raise StubError.invalid_input(f"{prefix}: unsupported URL (expected http:// or https://)")
    if not _loopback(hostname):
        raise StubError.unimplemented(
            f"{prefix}: the stub server does not access the network; it only downloads from loopback "
            f"hosts (localhost, 127.0.0.1, ::1). Upload the file instead (POST /apis/v1beta1/pipelines/upload)"
        )
    handler = urllib.request.ProxyHandler({})  # loopback: never through a proxy
    opener = urllib.request.build_opener(handler)
    try:
        with opener.open(url, timeout=FETCH_TIMEOUT) as resp:
            data = resp.read(MAX_FILE_LENGTH + 1)
    except urllib.error.HTTPError as exc:
        raise StubError.invalid_input(f"{prefix}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        # HTTPException covers InvalidURL and malformed answers of the loopback server.
        raise StubError.invalid_input(f"{prefix}: {exc}") from None
    if len(data) > MAX_FILE_LENGTH:
        raise StubError.invalid_input(f"File size too large. Maximum supported size: {MAX_FILE_LENGTH}")
    return url_basename(url) or "pipeline.yaml", data


def parse_package(filename: str, data: bytes) -> "Template":
    """File bytes -> Template (formats/archives, then template detection)."""
    from . import pipeline_files

    return pipeline_files.load_template(pipeline_files.read_pipeline_file(filename, data))


def render_parameters(params: List[Any]) -> List[Dict[str, Any]]:
    """Stored ``[[name, value], ...]`` -> ``apiParameter`` list."""
    return [jsonpb.obj(name=p[0], value=p[1]) for p in params]


class PipelinesMixin(BackendCore):
    """Pipeline and pipeline version operations of :class:`~kfp_server_api.stub.backend.Backend`."""

    # -- rows and rendering ---------------------------------------------------------------

    def _pipeline_row(self, conn: sqlite3.Connection, pid: str) -> sqlite3.Row:
        return self.fetch(conn, "pipelines", "Pipeline", pid)

    def _version_row(self, conn: sqlite3.Connection, vid: str) -> sqlite3.Row:
        return self.fetch(conn, "pipeline_versions", "PipelineVersion", vid)

    def latest_version(self, conn: sqlite3.Connection, pid: str) -> Optional[sqlite3.Row]:
        """The default version of a pipeline: the most recently created one."""
        return conn.execute(
            "SELECT * FROM pipeline_versions WHERE pipeline_id=? ORDER BY created_at DESC, seq DESC LIMIT 1", (pid,)
        ).fetchone()

    @staticmethod
    def render_version(row: sqlite3.Row) -> Dict[str, Any]:
        """An ``apiPipelineVersion``."""
        url = row["url"]
        return jsonpb.obj(
            id=row["uuid"],
            name=row["name"],
            created_at=jsonpb.ts(row["created_at"]),
            parameters=render_parameters(json.loads(row["parameters"])),
            code_source_url=url,
            package_url={"pipeline_url": url} if url else None,
            resource_references=[jsonpb.ref("PIPELINE", row["pipeline_id"], "OWNER")],
            description=row["description"],
        )

    def render_pipeline(self, row: sqlite3.Row, version: Optional[sqlite3.Row]) -> Dict[str, Any]:
        """An ``apiPipeline`` with its default (latest) version."""
        if version is None:
            default: Dict[str, Any] = {"created_at": jsonpb.EPOCH}
            params: List[Any] = []
            url = ""
        else:
            default = self.render_version(version)
            params = json.loads(version["parameters"])
            url = version["url"]
        ns = row["namespace"]
        return jsonpb.obj(
            id=row["uuid"],
            created_at=jsonpb.ts(row["created_at"]),
            name=row["name"],
            description=row["description"],
            parameters=render_parameters(params),
            url={"pipeline_url": url} if url else None,
            default_version=default,
            resource_references=[jsonpb.ref("NAMESPACE", ns, "OWNER")] if ns else None,
        )

    def _authorize_pipeline(self, caller: Optional[Caller], namespace: str, verb: str) -> None:
        # Shared pipelines (namespace "") skip authorization, writes included (note 10.2).
        if namespace:
            self.authorize(caller or ANONYMOUS, namespace, verb, "pipelines")

    def _seq(self, conn: sqlite3.Connection, table: str) -> int:
        return conn.execute(f"SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}").fetchone()[0]

    def insert_pipeline(self, conn: sqlite3.Connection, name: str, description: str, namespace: str) -> str:
        """Create a pipeline row (409 if the name exists in the namespace)."""
        if conn.execute("SELECT 1 FROM pipelines WHERE namespace=? AND name=?", (namespace, name)).fetchone():
            raise StubError.already_exists(
                f"Failed to create a new pipeline. The name {name} already exist. Please specify a new name"
            )
        pid = self.new_id()
        conn.execute(
            "INSERT INTO pipelines (uuid, name, description, created_at, namespace, seq) VALUES (?,?,?,?,?,?)",
            (pid, name, description, self.clock.now(), namespace, self._seq(conn, "pipelines")),
        )
        return pid

    def insert_version(self, conn: sqlite3.Connection, pid: str, name: str, description: str,
                       template: Any, url: str = "") -> str:
        """Create a version of pipeline ``pid`` from a parsed template (409 on a duplicate name)."""
        prow = self._pipeline_row(conn, pid)
        if conn.execute("SELECT 1 FROM pipeline_versions WHERE pipeline_id=? AND name=?", (pid, name)).fetchone():
            raise StubError.already_exists(
                f"Failed to create a new pipeline version. The name {name} already exist. Specify a new name"
            )
        vid = self.new_id()
        conn.execute(
            "INSERT INTO pipeline_versions (uuid, name, description, created_at, seq, pipeline_id, parameters, "
            "template, template_kind, url) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                vid, name, description, self.clock.now(), self._seq(conn, "pipeline_versions"), pid,
                json.dumps([list(p) for p in template.parameters]),
                template.stored_text(prow["name"], prow["namespace"]), template.kind, url,
            ),
        )
        return vid

    # -- uploads ------------------------------------------------------------------------------

    def _read_upload(self, upload: "UploadArg") -> Tuple[str, "Template"]:
        from . import multipart

        stream, ctype, length = upload
        filename, data = multipart.read_form_file(stream, ctype, length)
        try:
            return filename, parse_package(filename, data)
        except StubError as exc:
            # Template errors are 500s on the real upload routes; the stub answers 400 (bad input).
            raise upload_error(exc.message, 400 if exc.http_status >= 500 else exc.http_status) from None

    def upload_pipeline(self, upload: "UploadArg", query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """UploadPipeline: a pipeline and its first version from a multipart ``uploadfile``."""
        try:
            name_q = second_unescape(query.get("name") or "", "Pipeline name")
            description = second_unescape(query.get("description") or "", "Pipeline description")
            namespace = self.namespace_of(second_unescape(query.get("namespace") or "", "Namespace"))
            self._authorize_pipeline(caller, namespace, "create")
        except StubError as exc:
            raise upload_error(f"Failed to create a pipeline: {exc.message}") from None
        filename, template = self._read_upload(upload)
        name = name_q or filename
        try:
            check_name(name)
            with self.tx() as conn:
                pid = self.insert_pipeline(conn, name, description, namespace)
                vid = self.insert_version(conn, pid, name, description, template)
                return self.render_pipeline(self._pipeline_row(conn, pid), self._version_row(conn, vid))
        except StubError as exc:
            raise upload_error(f"Failed to create a pipeline: {exc.message}", min(exc.http_status, 409)) from None

    def upload_pipeline_version(self, upload: "UploadArg", query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """UploadPipelineVersion: a new version under ``pipelineid``."""
        pid = query.get("pipelineid") or ""
        if not pid:
            raise upload_error("Failed to create a pipeline version: Invalid input error: Pipeline id is empty")
        try:
            name_q = second_unescape(query.get("name") or "", "Pipeline version name")
        except StubError as exc:
            raise upload_error(f"Failed to create a pipeline version: {exc.message}") from None
        description = query.get("description") or ""
        filename, template = self._read_upload(upload)
        name = name_q or filename
        try:
            check_name(name)
            with self.tx() as conn:
                row = conn.execute("SELECT * FROM pipelines WHERE uuid=?", (pid,)).fetchone()
                if row is None:
                    raise StubError.invalid_input(
                        f"Failed to create a pipeline version due to error reading namespace: Pipeline {pid} not found"
                    )
                self._authorize_pipeline(caller, row["namespace"], "create")
                vid = self.insert_version(conn, pid, name, description, template)
                return self.render_version(self._version_row(conn, vid))
        except StubError as exc:
            status = 400 if exc.http_status in (401, 403) else min(exc.http_status, 409)
            raise upload_error(f"Failed to create a pipeline version: {exc.message}", status) from None

    # -- create from URL ------------------------------------------------------------------------

    def create_pipeline(self, body: Mapping[str, Any], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """CreatePipelineV1: pipeline + first version downloaded from ``url.pipeline_url``."""
        prefix = "Failed to create a pipeline (v1beta1)"
        try:
            version = jsonpb.message(body, "default_version")
            url = jsonpb.string(jsonpb.message(body, "url"), "pipeline_url")
            if version:
                url = jsonpb.string(jsonpb.message(version, "package_url"), "pipeline_url") or url
            name = second_unescape(jsonpb.string(body, "name"), "Pipeline name") or url_basename(url)
            description = jsonpb.string(body, "description")
            namespace = self.namespace_of(next(iter(jsonpb.find_refs(body, "NAMESPACE")), ""))
            if not url:
                raise StubError.invalid_input("Pipeline URL is empty. Please specify a valid URL")
            check_name(name)
            self._authorize_pipeline(caller, namespace, "create")
            filename, data = fetch_url(url)  # outside the transaction: the URL may point at this stub
            template = parse_package(filename, data)
            with self.tx() as conn:
                pid = self.insert_pipeline(conn, name, description, namespace)
                vname = jsonpb.string(version, "name") or name
                vid = self.insert_version(conn, pid, vname, jsonpb.string(version, "description") or description,
                                          template, url)
                return self.render_pipeline(self._pipeline_row(conn, pid), self._version_row(conn, vid))
        except StubError as exc:
            raise exc.wrap(prefix)

    def create_pipeline_version(self, body: Mapping[str, Any], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """CreatePipelineVersionV1: a version downloaded from ``package_url.pipeline_url``."""
        prefix = "Failed to create a pipeline version (v1beta1)"
        try:
            url = jsonpb.string(jsonpb.message(body, "package_url"), "pipeline_url")
            if not url:
                raise StubError.invalid_input("Pipeline version is nil or pipeline's URL is empty")
            parents = list(jsonpb.find_refs(body, "PIPELINE", "OWNER"))
            if not parents or not parents[-1]:
                raise StubError.invalid_input("Pipeline version must have a PIPELINE reference with OWNER relationship")
            pid = parents[-1]
            name = second_unescape(jsonpb.string(body, "name"), "Pipeline version name") or url_basename(url)
            check_name(name)
            with self.tx() as conn:
                self._authorize_pipeline(caller, self._pipeline_row(conn, pid)["namespace"], "create")
            filename, data = fetch_url(url)
            template = parse_package(filename, data)
            with self.tx() as conn:
                vid = self.insert_version(conn, pid, name, jsonpb.string(body, "description"), template, url)
                return self.render_version(self._version_row(conn, vid))
        except StubError as exc:
            raise exc.wrap(prefix)

    # -- reads and deletes --------------------------------------------------------------------

    def get_pipeline(self, pid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetPipelineV1 (404 for a pipeline without versions, as the real server)."""
        with self.tx() as conn:
            try:
                row = self._pipeline_row(conn, pid)
            except StubError as exc:
                raise exc.wrap(f"Failed to get a pipeline with id {pid}").wrap(
                    f"Failed to get a pipeline (v1beta1) {pid}. Check error stack")
            self._authorize_pipeline(caller, row["namespace"], "get")
            version = self.latest_version(conn, pid)
            if version is None:
                raise StubError.not_found("PipelineVersion", pid).wrap(
                    f"Failed to get a pipeline (v1beta1) {pid} due to error fetching the latest pipeline version")
            return self.render_pipeline(row, version)

    def list_pipelines(self, query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ListPipelinesV1: one row per pipeline with its latest version (2.0.0-beta.1+ behaviour)."""
        caller = caller or ANONYMOUS
        try:
            _rtype, rid = self.list_namespace(caller, query, "pipelines", what="pipelines")
            namespace = self.namespace_of(rid)
            self._authorize_pipeline(caller, namespace, "list")
            with self.tx() as conn:
                page = list_page(conn, PIPELINES, query, "SELECT pipelines.* FROM pipelines",
                                 "pipelines.namespace = ?", (namespace,))
                items = [self.render_pipeline(r, self.latest_version(conn, r["uuid"])) for r in page.rows]
        except StubError as exc:
            raise exc.wrap("Failed to list pipelines (v1beta1)")
        return list_response("pipelines", items, page)

    def get_pipeline_by_name(self, namespace: str, name: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetPipelineByNameV1 (``-`` means the shared namespace)."""
        ns = "" if namespace == "-" else self.namespace_of(namespace)
        self._authorize_pipeline(caller, ns, "get")
        with self.tx() as conn:
            row = conn.execute(
                "SELECT * FROM pipelines WHERE namespace=? AND name=? ORDER BY created_at DESC LIMIT 1", (ns, name)
            ).fetchone()
            if row is None:
                msg = f"Namespace/Pipeline and PipelineVersion {namespace}/{name} not found"
                raise StubError(NOT_FOUND, f"Failed to get a pipeline by name (v1beta1): NotFoundError: {msg}", msg)
            return self.render_pipeline(row, self.latest_version(conn, row["uuid"]))

    def delete_pipeline(self, pid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """DeletePipelineV1: refused while the pipeline has versions."""
        with self.tx() as conn:
            try:
                row = self._pipeline_row(conn, pid)
                self._authorize_pipeline(caller, row["namespace"], "delete")
                version = self.latest_version(conn, pid)
                if version is not None:
                    raise StubError.invalid_input(
                        f"Failed to delete pipeline with id {pid} as it has existing pipeline versions "
                        f"(e.g. {version['uuid']})")
            except StubError as exc:
                raise exc.wrap(f"Failed to delete a pipeline (v1beta1) {pid}")
            conn.execute("DELETE FROM pipelines WHERE uuid=?", (pid,))
        return {}

    def get_template(self, pid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetTemplate: the latest version's template."""
        with self.tx() as conn:
            try:
                row = self._pipeline_row(conn, pid)
                self._authorize_pipeline(caller, row["namespace"], "get")
                version = self.latest_version(conn, pid)
                if version is None:
                    raise StubError.not_found("PipelineVersion", pid)
            except StubError as exc:
                raise exc.wrap(f"Failed to get the template of pipeline {pid} (v1beta1)")
            return jsonpb.obj(template=version["template"])

    def update_pipeline_default_version(self, pid: str, vid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """UpdatePipelineDefaultVersionV1: accepted, no observable effect (default = latest)."""
        return {}

    def _version_for(self, conn: sqlite3.Connection, vid: str, caller: Optional[Caller], verb: str, prefix: str) -> sqlite3.Row:
        try:
            row = self._version_row(conn, vid)
            prow = conn.execute("SELECT namespace FROM pipelines WHERE uuid=?", (row["pipeline_id"],)).fetchone()
            self._authorize_pipeline(caller, prow["namespace"] if prow else "", verb)
            return row
        except StubError as exc:
            raise exc.wrap(prefix)

    def get_pipeline_version(self, vid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetPipelineVersionV1."""
        with self.tx() as conn:
            row = self._version_for(conn, vid, caller, "get", f"Failed to get a pipeline version (v1beta1) {vid}")
            return self.render_version(row)

    def get_pipeline_version_template(self, vid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """GetPipelineVersionTemplate."""
        with self.tx() as conn:
            row = self._version_for(conn, vid, caller, "get",
                                    f"Failed to get the template of pipeline version {vid} (v1beta1)")
            return jsonpb.obj(template=row["template"])

    def delete_pipeline_version(self, vid: str, caller: Optional[Caller] = None) -> Dict[str, Any]:
        """DeletePipelineVersionV1."""
        with self.tx() as conn:
            self._version_for(conn, vid, caller, "delete", f"Failed to delete a pipeline version (v1beta1) {vid}")
            conn.execute("DELETE FROM pipeline_versions WHERE uuid=?", (vid,))
        return {}

    def list_pipeline_versions(self, query: Mapping[str, str], caller: Optional[Caller] = None) -> Dict[str, Any]:
        """ListPipelineVersionsV1: versions of ``resource_key.id`` (unknown pipeline -> empty list)."""
        try:
            query_enum(query, "resource_key.type", jsonpb.RESOURCE_TYPES)
            pid = query.get("resource_key.id") or ""
            if not pid:
                raise StubError.invalid_input("Failed to list pipeline versions (v1beta1) due to missing pipeline id")
            with self.tx() as conn:
                prow = conn.execute("SELECT namespace FROM pipelines WHERE uuid=?", (pid,)).fetchone()
                if prow is not None:
                    self._authorize_pipeline(caller, prow["namespace"], "list")
                page = list_page(conn, VERSIONS, query, "SELECT pipeline_versions.* FROM pipeline_versions",
                                 "pipeline_versions.pipeline_id = ?", (pid,))
                items = [self.render_version(r) for r in page.rows]
        except StubError as exc:
            raise exc.wrap("Failed to list pipeline versions (v1beta1)")
        return list_response("versions", items, page, order="token_first")

