"""stub.transport: an ApiClient talking to the stub's WSGI app in-process, with no socket."""
import json
import urllib.parse
from pathlib import Path

import pytest

import kfp_server_api
from kfp_server_api import (
    ApiException,
    ApiExperiment,
    ApiPipelineSpec,
    ApiResourceKey,
    ApiResourceReference,
    ApiRun,
    NotFoundException,
)
from kfp_server_api.stub import StubServer, create_app
from kfp_server_api.stub.transport import WSGITransport, attach

DATA = Path(__file__).resolve().parents[1] / "data" / "pipelines"


@pytest.fixture
def client():
    api_client = kfp_server_api.ApiClient(kfp_server_api.Configuration(host="http://stub.invalid"))
    attach(api_client)
    yield api_client
    api_client.close()


def test_a_whole_flow_runs_without_a_socket(client):
    experiments = kfp_server_api.ExperimentServiceApi(client)
    uploads = kfp_server_api.PipelineUploadServiceApi(client)
    pipelines = kfp_server_api.PipelineServiceApi(client)
    runs = kfp_server_api.RunServiceApi(client)

    experiment = experiments.create_experiment(ApiExperiment(name="in-process"))
    pipeline = uploads.upload_pipeline(str(DATA / "arguments-parameters.yaml"))
    assert pipeline.name == "arguments-parameters.yaml"
    assert [(p.name, p.value) for p in pipeline.parameters] == [("param1", "hello"), ("param2", None)]
    template = json.loads(pipelines.get_template(pipeline.id).template)
    assert template["kind"] == "Workflow"

    run = runs.create_run(ApiRun(
        name="r1",
        pipeline_spec=ApiPipelineSpec(pipeline_id=pipeline.id),
        resource_references=[ApiResourceReference(key=ApiResourceKey(type="EXPERIMENT", id=experiment.id),
                                                  relationship="OWNER")],
    ))
    assert run.run.status == "Pending"
    assert runs.get_run(run.run.id).run.name == "r1"


def test_v2_upload_and_unicode_names_in_the_path(client):
    uploads = kfp_server_api.PipelineUploadServiceApi(client)
    pipelines = kfp_server_api.PipelineServiceApi(client)
    created = uploads.upload_pipeline(str(DATA / "hello-world-v2.yaml"), name="héllo wörld ä")
    found = pipelines.get_pipeline_by_name("any", "héllo wörld ä")
    assert found.id == created.id
    assert "name: pipeline/héllo wörld ä" in pipelines.get_template(created.id).template


@pytest.mark.parametrize("name", ["a/b", "q?x=1#f", "100% sure", "ünï/名前", "x:archive"])
def test_encoded_slashes_and_reserved_characters_stay_inside_a_path_parameter(client, name):
    uploads = kfp_server_api.PipelineUploadServiceApi(client)
    pipelines = kfp_server_api.PipelineServiceApi(client)
    # Upload names are unescaped a second time by the server: send this one encoded once more.
    created = uploads.upload_pipeline(str(DATA / "hello-world-v2.yaml"), name=urllib.parse.quote(name, safe=""))
    assert created.name == name
    assert pipelines.get_pipeline_by_name("-", name).id == created.id


def _wsgiref_client(app):
    """An ApiClient on a wsgiref server (a foreign WSGI server: no raw request target in the environ)."""
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = kfp_server_api.Configuration(host=f"http://127.0.0.1:{server.server_port}")
    return server, kfp_server_api.ApiClient(config)


def test_foreign_wsgi_servers_route_on_path_info():
    """Documented limitation: without RAW_URI/REQUEST_URI an encoded "/" splits the segment."""
    server, api_client = _wsgiref_client(create_app())
    try:
        uploads = kfp_server_api.PipelineUploadServiceApi(api_client)
        pipelines = kfp_server_api.PipelineServiceApi(api_client)
        for name in ("plain ünï?#%", "a/b"):
            uploads.upload_pipeline(str(DATA / "hello-world-v2.yaml"), name=urllib.parse.quote(name, safe=""))
        assert pipelines.get_pipeline_by_name("-", "plain ünï?#%").name == "plain ünï?#%"
        with pytest.raises(NotFoundException):
            pipelines.get_pipeline_by_name("-", "a/b")
    finally:
        api_client.close()
        server.shutdown()
        server.server_close()


def test_errors_become_the_same_exceptions_as_over_http(client):
    experiments = kfp_server_api.ExperimentServiceApi(client)
    with pytest.raises(NotFoundException) as info:
        experiments.get_experiment("does-not-exist")
    assert info.value.status == 404
    assert json.loads(info.value.body)["code"] == 5
    with pytest.raises(ApiException) as info:
        kfp_server_api.PipelineUploadServiceApi(client).upload_pipeline(("bad.txt", b"no format"))
    assert info.value.status == 400
    assert "Unexpected pipeline file format" in json.loads(info.value.body)["error_message"]


def test_same_answers_as_the_real_socket_server():
    with StubServer() as stub:
        network = kfp_server_api.ApiClient(kfp_server_api.Configuration(host=stub.url))
        local = kfp_server_api.ApiClient(kfp_server_api.Configuration(host="http://x"))
        attach(local, stub.app)
        try:
            for api_client in (network, local):
                kfp_server_api.ExperimentServiceApi(api_client).create_experiment(
                    ApiExperiment(name=f"e-{id(api_client)}"))
            answers = []
            for api_client in (network, local):
                resp = api_client.rest_client.request(
                    "GET", f"{api_client.configuration.host}/apis/v1beta1/experiments",
                    query_params=[("page_size", 10), ("sort_by", "name desc")],
                )
                answers.append((resp.status, resp.getheader("content-type"), json.loads(resp.data)))
            assert answers[0] == answers[1]
            bad = [api_client.rest_client.request("GET", f"{api_client.configuration.host}/apis/v1beta1/nope")
                   for api_client in (network, local)]
            assert [(r.status, r.data) for r in bad] == [(bad[0].status, bad[0].data)] * 2
        finally:
            network.close()
            local.close()


def test_request_shapes_of_the_rest_transport():
    seen = {}

    def app(environ, start_response):
        seen.update({k: v for k, v in environ.items() if k.isupper()})
        seen["body"] = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        start_response("201 Created", [("X-One", "1"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2")])
        return [b"he", b"llo"]

    transport = WSGITransport(app)
    resp = transport.request("post", "http://h.example:8888/p%20q/%C3%A9?x=1", query_params=[("y", "a b")],
                             headers={"Content-Type": "application/json", "X-Trace": "t"}, body={"k": [1]})
    assert (resp.status, resp.reason, resp.data) == (201, "Created", b"hello")
    assert resp.getheader("x-one") == "1" and resp.getheader("missing", "d") == "d"
    assert resp.getheaders()["SET-COOKIE"] == "a=1, b=2"
    assert seen["REQUEST_METHOD"] == "POST"
    assert seen["PATH_INFO"].encode("latin-1").decode("utf-8") == "/p q/é"
    assert seen["QUERY_STRING"] == "x=1&y=a%20b"
    assert (seen["SERVER_NAME"], seen["SERVER_PORT"], seen["HTTP_HOST"]) == ("h.example", "8888", "h.example:8888")
    assert (seen["CONTENT_TYPE"], seen["HTTP_X_TRACE"]) == ("application/json", "t")
    assert seen["body"] == b'{"k":[1]}'

    form = transport.request("POST", "http://h/f", post_params=[("a", "1"), ("f", ("x.yaml", b"data"))])
    assert form.status == 201 and seen["CONTENT_TYPE"].startswith("multipart/form-data; boundary=")
    assert b'filename="x.yaml"' in seen["body"]

    head = transport.request("HEAD", "http://h/")
    assert head.data == b""


class _Recorder:
    """A loopback HTTP server that records the path, Content-Type and body of each request."""

    def __init__(self):
        import http.server
        import threading

        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen.append((self.path, self.headers.get("Content-Type"), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _unboundaried(ctype, body):
    """Content-Type and body with the random multipart boundary replaced by a fixed one."""
    if ctype and "boundary=" in ctype:
        boundary = ctype.split("boundary=", 1)[1]
        return ctype.replace(boundary, "B"), body.replace(boundary.encode(), b"B")
    return ctype, body


@pytest.mark.parametrize("kwargs", [
    {"body": {"name": "ünï", "n": [1, 2.5, None]}, "headers": {"Content-Type": "application/json"}},
    {"body": "raw text é", "headers": {"Content-Type": "text/plain"}},
    {"body": b"\x00\xffbytes", "headers": {"Content-Type": "application/octet-stream"}},
    {"post_params": [("a", "1"), ("f", ("x.yaml", b"data: 1\n"))]},
    {"post_params": [("a", "1 2"), ("b", "é&=")], "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    {"query_params": {"filter": '{"a": "b c"}', "n": [1, 2]}, "body": {}},
])
def test_both_transports_send_the_same_bytes(kwargs):
    recorder = _Recorder()
    try:
        config = kfp_server_api.Configuration(host=recorder.url)
        rest = kfp_server_api.rest.RESTClientObject(config)
        rest.request("POST", recorder.url + "/p?x=1", **{k: (dict(v) if k == "headers" else v)
                                                       for k, v in kwargs.items()})
        got = {}

        def app(environ, start_response):
            got["seen"] = (environ["RAW_URI"], environ.get("CONTENT_TYPE") or None,
                           environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])))
            start_response("200 OK", [])
            return [b""]

        WSGITransport(app).request("POST", "http://h/p?x=1", **{k: (dict(v) if k == "headers" else v)
                                                               for k, v in kwargs.items()})
        (path, ctype, body), = recorder.seen
        assert got["seen"][0] == path
        assert _unboundaried(*got["seen"][1:]) == _unboundaried(ctype, body)
    finally:
        recorder.close()


def test_body_and_post_params_together_are_refused_by_both_transports():
    rest = kfp_server_api.rest.RESTClientObject(kfp_server_api.Configuration(host="http://127.0.0.1:9"))
    for transport in (rest, WSGITransport(create_app())):
        with pytest.raises(kfp_server_api.ApiValueError, match="body and post_params cannot be sent together"):
            transport.request("POST", "http://127.0.0.1:9/x", body={}, post_params=[("a", "1")])


def test_unpreloaded_responses_read_like_urllib3_ones(client):
    resp = kfp_server_api.HealthzServiceApi(client).get_healthz(_preload_content=False)
    chunks = list(resp.stream(5))
    assert all(len(c) <= 5 for c in chunks)
    assert json.loads(b"".join(chunks))["multi_user"] is False
    assert resp.read() == b""
    resp.release_conn()


def test_bad_timeouts_are_refused_like_the_rest_transport(client):
    with pytest.raises(kfp_server_api.ApiValueError):
        kfp_server_api.HealthzServiceApi(client).get_healthz(_request_timeout=(1, 2, 3))


def test_default_app_is_a_fresh_stub_each_time():
    first, second = WSGITransport(), WSGITransport()
    body = {"name": "only-here"}
    assert first.request("POST", "http://s/apis/v1beta1/experiments", body=body).status == 200
    assert second.request("POST", "http://s/apis/v1beta1/experiments", body=body).status == 200
    listed = json.loads(first.request("GET", "http://s/apis/v1beta1/experiments").data)
    assert [e["name"] for e in listed["experiments"]].count("only-here") == 1


def test_attach_accepts_any_stub_app():
    api_client = kfp_server_api.ApiClient(kfp_server_api.Configuration(host="http://s"))
    app = create_app()
    transport = attach(api_client, app)
    assert api_client.rest_client is transport and transport.app is app
    assert kfp_server_api.HealthzServiceApi(api_client).get_healthz().multi_user is False


def _zip(*members):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    "filename,data,message",
    [
        ("bomb.zip", _zip(("pipeline.yaml", b"\0" * (33554432 + 1))), "File size too large"),
        ("empty.zip", _zip(), "Empty zip file"),
        ("nested.zip", _zip(("inner.zip", _zip(("pipeline.yaml", b"x")))), "Got: inner.zip"),
        ("x.tar.gz", b"\x1f\x8b\x08\x00 corrupt", "Not a valid tarball file"),
        ("x.zip", b"kind: Workflow\n", "Unexpected pipeline file format"),
        ("bad.yaml", b"a: [unclosed\n", "unknown template format"),
        ("deep.yaml", b"[" * 5000, "unknown template format"),
    ],
)
def test_hostile_uploads_are_clear_400s_through_the_whole_stub(client, filename, data, message):
    with pytest.raises(ApiException) as info:
        kfp_server_api.PipelineUploadServiceApi(client).upload_pipeline((filename, data))
    assert info.value.status == 400
    assert message in json.loads(info.value.body)["error_message"]


def test_traversal_member_names_upload_fine_and_nothing_is_written(client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _zip(("../../../tmp/evil.yaml", (DATA / "arguments-parameters.yaml").read_bytes()))
    pipeline = kfp_server_api.PipelineUploadServiceApi(client).upload_pipeline(("p.zip", data))
    assert [p.name for p in pipeline.parameters] == ["param1", "param2"]
    assert list(tmp_path.iterdir()) == []
