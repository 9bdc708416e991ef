"""Contract tests: pipelines and versions (upload formats, parameters, names, templates,
default version, delete rules, create from URL)."""
import http.server
import io
import json
import tarfile
import threading
import urllib.parse
import zipfile

import pytest

from kfp_server_api import ApiException, ApiPipeline, ApiPipelineVersion, ApiResourceKey, ApiResourceReference, ApiUrl

from conftest import ARGO_WORKFLOW, REAL_HOST, V2_PIPELINE


def _zip(name, text):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, text)
    return buf.getvalue()


def _targz(name, text):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _argo_json():
    return json.dumps({"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
                       "spec": {"arguments": {"parameters": [{"name": "p", "value": "1"}]}}})


@pytest.mark.parametrize("filename, data", [
    ("wf.yaml", ARGO_WORKFLOW.encode()),
    ("wf.yml", ARGO_WORKFLOW.encode()),
    ("wf.json", _argo_json().encode()),
    ("pkg.zip", _zip("pipeline.yaml", ARGO_WORKFLOW)),
    ("pkg.tar.gz", _targz("pipeline.yaml", ARGO_WORKFLOW)),
    ("v2.yaml", V2_PIPELINE.encode()),
])
def test_upload_formats(apis, uid, filename, data):
    pipeline = apis.uploads.upload_pipeline((filename, data), name=f"{filename}-{uid}")
    assert pipeline.name == f"{filename}-{uid}"
    assert pipeline.default_version.name == pipeline.name
    assert [(r.key.type, r.key.id) for r in pipeline.default_version.resource_references] == [
        ("PIPELINE", pipeline.id)]
    template = apis.pipelines.get_template(pipeline.id).template
    assert template
    if filename.startswith("v2"):
        assert pipeline.parameters is None
        assert f"pipeline/{filename}-{uid}" in template
    elif filename == "wf.json":
        assert [(p.name, p.value) for p in pipeline.parameters] == [("p", "1")]
    else:
        assert [(p.name, p.value) for p in pipeline.parameters] == [("message", "hello"), ("count", None)]
        assert json.loads(template)["kind"] == "Workflow"


def test_upload_name_defaults_to_file_name(stub, apis):
    pipeline = apis.uploads.upload_pipeline(("hello-world.yaml", ARGO_WORKFLOW.encode()))
    assert pipeline.name == "hello-world.yaml"
    assert pipeline.description is None
    by_name = apis.pipelines.get_pipeline_by_name("-", "hello-world.yaml")
    assert by_name.id == pipeline.id


def test_upload_errors_use_the_upload_body(http, apis, uid):
    apis.uploads.upload_pipeline(("a.yaml", ARGO_WORKFLOW.encode()), name=f"dup-{uid}")
    with pytest.raises(ApiException) as info:
        apis.uploads.upload_pipeline(("a.yaml", ARGO_WORKFLOW.encode()), name=f"dup-{uid}")
    assert info.value.status == (500 if REAL_HOST else 409)
    body = json.loads(info.value.body)
    assert set(body) == {"error_message", "error_details"} and "already exist" in body["error_message"]
    for filename, data in [("x.txt", b"hello"), ("bad.yaml", b"kind: Nothing\n")]:
        with pytest.raises(ApiException) as info:
            apis.uploads.upload_pipeline((filename, data), name=f"bad-{uid}")
        assert info.value.status in ((400, 500) if REAL_HOST else (400,)), filename
        assert "error_message" in json.loads(info.value.body)
    status, _h, raw = http.call("POST", "/apis/v1beta1/pipelines/upload", raw=b"not multipart",
                                headers={"Content-Type": "text/plain"})
    assert status == 400 and b"error_message" in raw
    status, _h, raw = http.call("POST", "/apis/v1beta1/pipelines/upload?name=" + "x" * 101,
                                raw=b"--b\r\nContent-Disposition: form-data; name=\"uploadfile\"; "
                                    b"filename=\"a.yaml\"\r\n\r\n" + ARGO_WORKFLOW.encode() + b"\r\n--b--\r\n",
                                headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert status == 400 and b"too long" in raw


def test_versions_default_is_latest_and_delete_rules(stub, apis, uid):
    pipeline = apis.uploads.upload_pipeline(("p.yaml", ARGO_WORKFLOW.encode()), name=f"ver-{uid}")
    first = pipeline.default_version
    stub.advance_clock(1)  # same-second ties are ordered by id, as in the real server
    second = apis.uploads.upload_pipeline_version(("v.yaml", V2_PIPELINE.encode()), name="second",
                                                  pipelineid=pipeline.id, description="v2")
    assert second.description == "v2"
    assert apis.pipelines.get_pipeline(pipeline.id).default_version.id == second.id
    assert apis.pipelines.update_pipeline_default_version(pipeline.id, first.id) == {}
    assert apis.pipelines.get_pipeline(pipeline.id).default_version.id == second.id  # no effect
    versions = apis.pipelines.list_pipeline_versions(resource_key_type="PIPELINE", resource_key_id=pipeline.id)
    assert [v.id for v in versions.versions] == [first.id, second.id] and versions.total_size == 2
    assert apis.pipelines.get_pipeline_version(second.id).name == "second"
    assert "pipelineInfo" in apis.pipelines.get_pipeline_version_template(second.id).template
    with pytest.raises(ApiException) as info:
        apis.pipelines.delete_pipeline(pipeline.id)
    assert info.value.status == 400 and "has existing pipeline versions" in info.value.body
    apis.pipelines.delete_pipeline_version(second.id)
    assert apis.pipelines.get_pipeline(pipeline.id).default_version.id == first.id
    apis.pipelines.delete_pipeline_version(first.id)
    with pytest.raises(ApiException) as info:
        apis.pipelines.get_pipeline(pipeline.id)  # no versions left -> 404, as the real server
    assert info.value.status == 404
    listed = apis.pipelines.list_pipelines(page_size=200).pipelines
    assert [p.default_version.created_at.year for p in listed if p.id == pipeline.id] == [1970]
    apis.pipelines.delete_pipeline(pipeline.id)
    with pytest.raises(ApiException) as info:
        apis.pipelines.delete_pipeline(pipeline.id)
    assert info.value.status == 404


def test_duplicate_version_and_unknown_parent(apis, http, uid):
    pipeline = apis.uploads.upload_pipeline(("p.yaml", ARGO_WORKFLOW.encode()), name=f"dv-{uid}")
    with pytest.raises(ApiException) as info:
        apis.uploads.upload_pipeline_version(("p.yaml", ARGO_WORKFLOW.encode()), name=f"dv-{uid}",
                                             pipelineid=pipeline.id)
    assert info.value.status == (500 if REAL_HOST else 409)
    with pytest.raises(ApiException) as info:
        apis.uploads.upload_pipeline_version(("p.yaml", ARGO_WORKFLOW.encode()), pipelineid="nope")
    assert info.value.status == 400
    status, body = http.json("GET", "/apis/v1beta1/pipeline_versions")
    assert status == 400 and "missing pipeline id" in body["message"]
    status, body = http.json("GET", "/apis/v1beta1/pipeline_versions?resource_key.id=unknown")
    assert status == 200 and body == {}


def test_get_pipeline_by_name_unknown(apis):
    with pytest.raises(ApiException) as info:
        apis.pipelines.get_pipeline_by_name("-", "no-such-pipeline")
    assert info.value.status == 404


ODD_NAMES = ["a/b", "what?x=1", "tag#1", "100%", "%2F", "two  spaces", "ünï cödé/名前", "../..", "a+b", "x:archive"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_get_pipeline_by_name_with_reserved_and_unicode_characters(apis, uid, name):
    # The server unescapes upload names a second time, so the name is sent encoded once more.
    full = f"{name}-{uid}"
    created = apis.uploads.upload_pipeline(("p.yaml", ARGO_WORKFLOW.encode()), name=urllib.parse.quote(full, safe=""))
    assert created.name == full
    found = apis.pipelines.get_pipeline_by_name("-", full)
    assert (found.id, found.name) == (created.id, full)
    with pytest.raises(ApiException) as info:
        apis.pipelines.get_pipeline_by_name("-", full + "/")
    assert info.value.status == 404


class _FileServer:
    """Serves fixed bytes on loopback (the stub may download from loopback URLs only)."""

    def __init__(self, files):
        files_ = files

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                data = files_.get(self.path)
                self.send_response(200 if data is not None else 404)
                self.send_header("Content-Length", str(len(data or b"")))
                self.end_headers()
                self.wfile.write(data or b"")

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_create_pipeline_and_version_from_loopback_url(stub, apis):
    files = _FileServer({"/sequential.yaml": ARGO_WORKFLOW.encode(), "/v2.yaml": V2_PIPELINE.encode()})
    try:
        url = files.url + "/sequential.yaml"
        pipeline = apis.pipelines.create_pipeline(ApiPipeline(url=ApiUrl(pipeline_url=url)))
        assert pipeline.name == "sequential.yaml"
        assert pipeline.url.pipeline_url == url
        assert pipeline.default_version.code_source_url == url
        assert pipeline.default_version.package_url.pipeline_url == url
        version = apis.pipelines.create_pipeline_version(ApiPipelineVersion(
            package_url=ApiUrl(pipeline_url=files.url + "/v2.yaml"),
            resource_references=[ApiResourceReference(key=ApiResourceKey(type="PIPELINE", id=pipeline.id),
                                                      relationship="OWNER")]))
        assert version.name == "v2.yaml"
        with pytest.raises(ApiException) as info:
            apis.pipelines.create_pipeline(ApiPipeline(url=ApiUrl(pipeline_url=files.url + "/missing.yaml")))
        assert info.value.status == 400
    finally:
        files.close()


def test_create_pipeline_from_internet_url_is_not_implemented(stub, apis):
    with pytest.raises(ApiException) as info:
        apis.pipelines.create_pipeline(ApiPipeline(url=ApiUrl(pipeline_url="https://example.com/p.yaml")))
    assert info.value.status == 501
    assert "only downloads from loopback" in info.value.body
    with pytest.raises(ApiException) as info:
        apis.pipelines.create_pipeline(ApiPipeline(name="no-url"))
    assert info.value.status == 400


def test_list_pipelines_paging(stub, apis):
    for i in range(5):
        apis.uploads.upload_pipeline((f"p{i}.yaml", ARGO_WORKFLOW.encode()))
    page = apis.pipelines.list_pipelines(page_size=2, sort_by="name desc")
    assert [p.name for p in page.pipelines] == ["p4.yaml", "p3.yaml"] and page.total_size == 5
    rest = apis.pipelines.list_pipelines(page_size=10, page_token=page.next_page_token)
    assert [p.name for p in rest.pipelines] == ["p2.yaml", "p1.yaml", "p0.yaml"]
    assert rest.next_page_token is None
