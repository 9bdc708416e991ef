"""The stub as a server: routing errors, bad input, keep-alive, auth modes, CLI, persistence."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import kfp_server_api
from kfp_server_api import ApiExperiment, ApiException
from kfp_server_api.stub import StubServer
from kfp_server_api.stub.server import wait_ready

from conftest import ARGO_WORKFLOW, REAL_HOST, Http

#: Tests of the stub itself (its own servers, CLI, plugin): skipped when KFP_TEST_HOST is set.
stub_only = pytest.mark.skipif(bool(REAL_HOST), reason="tests the bundled stub itself")


def test_healthz_any_method(http):
    for method in ("GET", "POST"):
        status, headers, raw = http.call(method, "/apis/v1beta1/healthz")
        assert status == 200 and headers["content-type"] == "application/json"
        assert json.loads(raw)["multi_user"] is False
    assert raw == b'{"commit_sha":"unknown", "tag_name":"2.0.0-beta.0", "multi_user":false}' or os.environ.get(
        "KFP_TEST_HOST")


def test_sdk_healthz(apis):
    assert apis.healthz.get_healthz().multi_user is False


def test_routing_errors(http):
    assert http.call("GET", "/apis/v1beta1/nothing")[::2] == (404, b"Not Found\n")
    status, headers, raw = http.call("PUT", "/apis/v1beta1/experiments")
    assert (status, raw) == (405, b"Method Not Allowed\n") and headers["content-type"].startswith("text/plain")
    assert http.call("PATCH", "/apis/v1beta1/runs/x")[0] == 405
    assert http.call("GET", "/elsewhere")[0] == 404


def test_malformed_json_is_400_without_details(http):
    for raw in (b"{bad", b"[1,2]", b'"str"', b'{"name": 5}', b"\xff\xfe"):
        status, _h, body = http.call("POST", "/apis/v1beta1/experiments", raw=raw)
        assert status == 400, raw
        decoded = json.loads(body)
        assert decoded["code"] == 3
    status, _h, body = http.call("POST", "/apis/v1beta1/experiments", raw=b"{bad")
    assert "details" not in json.loads(body)


def test_empty_body_is_the_empty_message(http):
    status, body = http.json("POST", "/apis/v1beta1/jobs/nope/enable")
    assert status == 404


_PATHS = ["/apis/v1beta1/experiments", "/apis/v1beta1/runs", "/apis/v1beta1/jobs", "/apis/v1beta1/pipelines",
          "/apis/v1beta1/pipeline_versions", "/apis/v1alpha1/tasks", "/apis/v1beta1/runs/x:reportMetrics"]
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                     lambda c: st.lists(c, max_size=3) | st.dictionaries(st.sampled_from(
                         ["name", "id", "pipeline_spec", "resource_references", "trigger", "max_concurrency",
                          "metrics", "key", "type", "cron_schedule", "periodic_schedule", "interval_second",
                          "pipelineName", "runId", "created_at", "url", "pipeline_url", "package_url",
                          "workflow_manifest", "parameters", "runtime_config", "format"]), c, max_size=4),
                     max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(_PATHS), body=_JSON)
def test_fuzzed_bodies_never_500(stub, path, body):
    client = Http(stub.url)
    status, _h, raw = client.call("POST", path, body)
    assert status < 500 or status == 501, (path, body, raw)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.sampled_from(["page_size", "page_token", "sort_by", "filter",
                                              "resource_reference_key.type", "resource_reference_key.id",
                                              "resource_key.id"]), st.text(max_size=12), max_size=4))
def test_fuzzed_queries_never_500(stub, query):
    import urllib.parse

    client = Http(stub.url)
    for path in ("/apis/v1beta1/experiments", "/apis/v1beta1/runs", "/apis/v1beta1/pipeline_versions"):
        status, _h, raw = client.call("GET", path + "?" + urllib.parse.urlencode(query))
        assert status < 500, (path, query, raw)


def test_keep_alive_and_chunked_bodies(stub):
    conn = http.client.HTTPConnection(stub.host, stub.port)
    for _ in range(50):
        conn.request("GET", "/apis/v1beta1/healthz")
        resp = conn.getresponse()
        assert resp.status == 200 and resp.read()
    body = json.dumps({"name": "chunked"}).encode()
    conn.request("POST", "/apis/v1beta1/experiments", body=iter([body[:5], body[5:]]),
                 headers={"Content-Type": "application/json"}, encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 200 and json.loads(resp.read())["name"] == "chunked"
    # An error response does not desynchronize the connection.
    conn.request("POST", "/apis/v1beta1/nothing", body=b"x" * 1000)
    assert conn.getresponse().read() == b"Not Found\n"
    conn.request("GET", "/apis/v1beta1/healthz")
    assert conn.getresponse().status == 200
    conn.close()


def test_garbage_on_the_socket_does_not_kill_the_server(stub):
    with socket.create_connection((stub.host, stub.port)) as sock:
        sock.sendall(b"\x00\x01garbage\r\n\r\n")
        sock.recv(1024)
    with socket.create_connection((stub.host, stub.port)) as sock:
        sock.sendall(b"POST /apis/v1beta1/experiments HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")
    assert Http(stub.url).call("GET", "/apis/v1beta1/healthz")[0] == 200


def test_reset_control_route(stub, apis):
    apis.experiments.create_experiment(ApiExperiment(name="gone"))
    status, _h, _b = Http(stub.url).call("POST", "/_stub/reset")
    assert status == 200
    assert [e.name for e in apis.experiments.list_experiment().experiments] == ["Default"]


@stub_only
def test_token_auth():
    with StubServer(token="t0k") as stub:
        client = Http(stub.url)
        assert client.call("GET", "/apis/v1beta1/healthz")[0] == 200
        status, _h, raw = client.call("GET", "/apis/v1beta1/experiments")
        assert status == 401 and json.loads(raw)["code"] == 16
        assert client.call("GET", "/apis/v1beta1/experiments", headers={"authorization": "Bearer nope"})[0] == 401
        assert client.call("GET", "/apis/v1beta1/experiments", headers={"authorization": "Bearer t0k"})[0] == 200
        assert client.call("GET", "/_stub/clock")[0] == 200  # control routes are not behind the token
        with stub.api_client() as api:
            assert kfp_server_api.ExperimentServiceApi(api).list_experiment().total_size == 1


@stub_only
def test_multi_user_mode():
    with StubServer(multi_user=True, users=["alice@x.com=team-a", "bob@x.com=team-b"]) as stub:
        client = Http(stub.url)
        assert json.loads(client.call("GET", "/apis/v1beta1/healthz")[2])["multi_user"] is True
        body = {"name": "e", "resource_references": [{"key": {"type": "NAMESPACE", "id": "team-a"},
                                                      "relationship": "OWNER"}]}
        assert client.call("POST", "/apis/v1beta1/experiments", body)[0] == 401
        assert client.call("POST", "/apis/v1beta1/experiments", body, headers={"kubeflow-userid": "bob@x.com"})[0] \
            == 403
        status, _h, raw = client.call("POST", "/apis/v1beta1/experiments", {"name": "e"},
                                      headers={"kubeflow-userid": "alice@x.com"})
        assert status == 400 and b"Namespace cannot be empty" in raw
        with stub.api_client(user="alice@x.com") as api:
            exps = kfp_server_api.ExperimentServiceApi(api)
            created = exps.create_experiment(ApiExperiment(name="e", resource_references=[
                kfp_server_api.ApiResourceReference(key=kfp_server_api.ApiResourceKey(type="NAMESPACE", id="team-a"),
                                                    relationship="OWNER")]))
            assert created.resource_references[0].key.id == "team-a"
            page = exps.list_experiment(resource_reference_key_type="NAMESPACE", resource_reference_key_id="team-a")
            assert [e.id for e in page.experiments] == [created.id]  # no Default experiment in multi-user mode
            with pytest.raises(ApiException) as info:
                exps.list_experiment(resource_reference_key_type="NAMESPACE", resource_reference_key_id="team-b")
            assert info.value.status == 403
            # Runs need an experiment in multi-user mode.
            with pytest.raises(ApiException) as info:
                kfp_server_api.RunServiceApi(api).create_run(kfp_server_api.ApiRun(name="r"))
            assert info.value.status == 400
        status, _h, _raw = client.call("GET", f"/apis/v1beta1/experiments/{created.id}",
                                       headers={"kubeflow-userid": "bob@x.com"})
        assert status == 403
        with stub.api_client(user="alice@x.com") as api:
            from conftest import ARGO_WORKFLOW

            shared = kfp_server_api.PipelineUploadServiceApi(api).upload_pipeline(("p.yaml", ARGO_WORKFLOW.encode()))
            assert shared.resource_references is None  # no namespace: a shared pipeline
            runs = kfp_server_api.RunServiceApi(api)
            run = runs.create_run(kfp_server_api.ApiRun(
                name="r", pipeline_spec=kfp_server_api.ApiPipelineSpec(pipeline_id=shared.id),
                resource_references=[kfp_server_api.ApiResourceReference(
                    key=kfp_server_api.ApiResourceKey(type="EXPERIMENT", id=created.id), relationship="OWNER")])).run
            assert ("NAMESPACE", "team-a") in [(r.key.type, r.key.id) for r in run.resource_references]
            page = runs.list_runs(resource_reference_key_type="NAMESPACE", resource_reference_key_id="team-a")
            assert [r.id for r in page.runs] == [run.id]
        for user, expected in (("bob@x.com", 403), ("alice@x.com", 200), (None, 401)):
            headers = {"kubeflow-userid": user} if user else {}
            assert client.call("GET", f"/apis/v1beta1/runs/{run.id}", headers=headers)[0] == expected
        task = {"pipelineName": "namespace/team-a/pipeline/p", "namespace": "team-a", "runId": run.id,
                "mlmdExecutionID": "1", "fingerprint": "f", "created_at": "2023-03-01T12:06:00Z"}
        assert client.call("POST", "/apis/v1alpha1/tasks", task, headers={"kubeflow-userid": "bob@x.com"})[0] == 403
        assert client.call("POST", "/apis/v1alpha1/tasks", task, headers={"kubeflow-userid": "alice@x.com"})[0] == 200
        for user, count in (("alice@x.com", 1), ("bob@x.com", 0)):
            status, _h, raw = client.call("GET", "/apis/v1alpha1/tasks", headers={"kubeflow-userid": user})
            assert status == 200 and json.loads(raw).get("total_size", 0) == count
        assert client.call("GET", "/apis/v1alpha1/tasks")[0] == 401


def _start_cli(*args):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kfp_server_api.stub", "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    if not wait_ready(url, timeout=15):
        proc.kill()
        raise AssertionError("stub CLI did not become ready: " + proc.stderr.read().decode())
    return proc, url


@stub_only
def test_cli_persistence_across_restart_and_clean_sigterm(tmp_path):
    db = str(tmp_path / "stub.db")
    proc, url = _start_cli("--db", db)
    try:
        status, body = Http(url).json("POST", "/apis/v1beta1/experiments", {"name": "durable"})
        assert status == 200
        exp_id = body["id"]
        status, clock = Http(url).json("POST", "/_stub/clock/advance", {"seconds": 86400})
        proc.kill()  # kill -9: acknowledged writes must survive
        proc.wait(10)
        proc, url = _start_cli("--db", db)
        status, body = Http(url).json("GET", f"/apis/v1beta1/experiments/{exp_id}")
        assert status == 200 and body["name"] == "durable"
        status, body = Http(url).json("GET", "/apis/v1beta1/experiments")
        assert body["total_size"] == 2  # still exactly one Default experiment
        assert Http(url).json("GET", "/_stub/clock")[1]["now"] >= clock["now"]  # the stub time survives too
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0
    err = proc.stderr.read().decode()
    assert "POST /apis/v1beta1/experiments" not in err or "GET" in err
    assert "stopped" in err


@stub_only
def test_cli_logs_one_line_per_request():
    proc, url = _start_cli("--token", "x")
    try:
        Http(url).call("GET", "/apis/v1beta1/healthz")
        Http(url).call("GET", "/apis/v1beta1/experiments")
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0
    lines = [line for line in proc.stderr.read().decode().splitlines() if "/apis/v1beta1/experiments" in line]
    assert len(lines) == 1 and '"GET /apis/v1beta1/experiments HTTP/1.1" 401' in lines[0]


@stub_only
def test_cli_rejects_bad_arguments():
    result = subprocess.run([sys.executable, "-m", "kfp_server_api.stub", "--port", "notaport"],
                            capture_output=True, timeout=30)
    assert result.returncode == 2 and b"invalid int value" in result.stderr


@stub_only
def test_plugin_fixtures(kfp_stub, kfp_api_client):
    assert kfp_api_client.configuration.host == kfp_stub.url
    assert kfp_server_api.HealthzServiceApi(kfp_api_client).get_healthz().multi_user is False


@stub_only
def test_wsgi_app_in_process():
    from kfp_server_api.stub import create_app
    import io

    app = create_app()
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b'{"name":"wsgi"}'
    out = b"".join(app({"REQUEST_METHOD": "POST", "PATH_INFO": "/apis/v1beta1/experiments", "QUERY_STRING": "",
                        "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}, start_response))
    assert seen["status"] == "200 OK" and json.loads(out)["name"] == "wsgi"
    assert time.time() > 0


def test_concurrent_clients(stub):
    import threading

    errors = []

    def worker(n):
        client = Http(stub.url)
        for i in range(20):
            status, _h, raw = client.call("POST", "/apis/v1beta1/experiments", {"name": f"c{n}-{i}"})
            if status != 200:
                errors.append(raw)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    status, body = Http(stub.url).json("GET", "/apis/v1beta1/experiments?page_size=1")
    assert body["total_size"] == 161


@stub_only
@pytest.mark.parametrize("path, raw", [
    ("/apis/v1beta1/experiments", b'{"a":' * 50_000 + b"{}" + b"}" * 50_000),
    ("/apis/v1beta1/experiments", b'{"name":"x","description":' + b"[" * 3000 + b"]" * 3000 + b"}"),
    ("/apis/v1beta1/runs", b'{"name":"r","pipeline_spec":{"runtime_config":{"parameters":{"p":'
     + b"[" * 150 + b"]" * 150 + b"}}}}"),
    ("/apis/v1beta1/runs/x:reportMetrics", b'{"metrics":' + b"[" * 100_000),
    ("/_stub/clock/advance", b"[" * 100_000),
])
def test_deeply_nested_json_bodies_are_a_clear_400(http, path, raw):
    status, _h, body = http.call("POST", path, raw=raw)
    assert status == 400, body[:300]
    assert json.loads(body)["message"] == "request body rejected: JSON nested deeper than 100 levels"
    assert http.call("GET", "/apis/v1beta1/healthz")[0] == 200


def test_json_nested_100_levels_is_still_read(http):
    status, body = http.json("POST", "/apis/v1beta1/experiments",
                             raw=b'{"name":"deep-ok","x":' + b"[" * 99 + b"]" * 99 + b"}")
    assert status == 200 and body["name"] == "deep-ok"


@stub_only
@pytest.mark.parametrize("url, reason", [
    ("http://[::1", "invalid URL: Invalid IPv6 URL"),
    ("http://127.0.0.1:abc/x", "invalid URL: Port could not be cast to integer value as 'abc'"),
    # Python versions word this one differently ("could not be cast" / "out of range").
    ("http://127.0.0.1\n/x", "invalid URL: it contains spaces or control characters"),
    ("http://127.0.0.1/a b.yaml", "invalid URL: it contains spaces or control characters"),
    ("http://localhost:-1/x", "invalid URL: Port "),
])
def test_malformed_pipeline_urls_are_a_clear_400(http, url, reason):
    for path, body in [("/apis/v1beta1/pipelines", {"name": "p", "url": {"pipeline_url": url}}),
                       ("/apis/v1beta1/pipeline_versions",
                        {"name": "v", "package_url": {"pipeline_url": url},
                         "resource_references": [{"key": {"type": "PIPELINE", "id": "x"}, "relationship": "OWNER"}]})]:
        status, answer = http.json("POST", path, body)
        assert status in (400, 404), (path, answer)
        if status == 400:
            assert reason in answer["message"], answer
    assert http.json("GET", "/apis/v1beta1/pipelines")[1].get("total_size", 0) == 0


@stub_only
def test_deeply_nested_json_pipeline_file_is_a_clear_400(http):
    import urllib3

    data, ctype = urllib3.encode_multipart_formdata(
        [("uploadfile", ("p.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000))])
    status, _h, raw = http.call("POST", "/apis/v1beta1/pipelines/upload?name=deep", raw=data,
                                headers={"Content-Type": ctype})
    assert status == 400 and b"JSON nested deeper than 100 levels" in raw, raw[:300]
    assert http.call("GET", "/apis/v1beta1/healthz")[0] == 200


@stub_only
def test_path_parameters_are_decoded_once_and_must_be_utf8(http):
    status, body = http.json("GET", "/apis/v1beta1/runs/%ff%fe")
    assert status == 400 and body["message"] == "invalid path parameter run_id: its percent-encoding is not UTF-8"
    status, body = http.json("GET", "/apis/v1beta1/experiments/a%2Fb%252F")
    assert status == 404 and "a/b%2F" in body["message"]
    # An encoded "/" never creates a new segment, so it cannot reach another route.
    assert http.call("POST", "/apis/v1beta1/runs/x%2Fretry")[0] == 405



@stub_only
@pytest.mark.parametrize("name, sent", [("ünï 名前", "ünï%20名前"), ("ünï名前", "ünï名前"), ("ü/名", "ü%2F名")])
def test_raw_utf8_bytes_in_a_path_parameter(stub, apis, name, sent):
    apis.uploads.upload_pipeline(("p.yaml", ARGO_WORKFLOW.encode()), name=urllib.parse.quote(name, safe=""))
    with socket.create_connection((stub.host, stub.port), timeout=30) as sock:
        sock.sendall(b"GET /apis/v1beta1/namespaces/-/pipelines/" + sent.encode() +
                     b" HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n")
        answer = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["name"] == name


@stub_only
def test_wait_ready_refuses_a_url_without_a_host_and_finds_a_live_stub():
    with pytest.raises(ValueError, match="needs a URL with a host"):
        wait_ready("127.0.0.1:8888")
    with StubServer() as server:
        assert server.url == f"http://127.0.0.1:{server.port}" and server.port > 0
        assert wait_ready(server.url, timeout=10)
    assert not wait_ready(server.url, timeout=0.2)


def test_upload_size_limit(stub):
    boundary = "B"
    payload = b"a: " + b"x" * (32 * 1024 * 1024 + 10) + b"\n"
    data = (b"--B\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\"big.yaml\"\r\n\r\n" + payload
            + b"\r\n--B--\r\n")
    status, _h, raw = Http(stub.url).call("POST", "/apis/v1beta1/pipelines/upload", raw=data,
                                          headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 400 and b"File size too large. Maximum supported size: 33554432" in raw
    assert Http(stub.url).call("GET", "/apis/v1beta1/healthz")[0] == 200


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2023-03-01T12:00:00.5+05:30",
                                  "0000-01-01T00:00:00Z", "2023-13-01T00:00:00Z", "yesterday", 5])
def test_extreme_timestamps_never_500(stub, when):
    from conftest import ARGO_WORKFLOW

    client = Http(stub.url)
    run = {"name": "r", "scheduled_at": when, "pipeline_spec": {"workflow_manifest": ARGO_WORKFLOW}}
    status, _h, raw = client.call("POST", "/apis/v1beta1/runs", run)
    assert status in (200, 400), raw
    for trigger in ({"periodic_schedule": {"interval_second": 60, "start_time": when, "end_time": when}},
                    {"cron_schedule": {"cron": "0 * * * * *", "start_time": when}}):
        job = {"name": "j", "max_concurrency": 1, "enabled": True, "trigger": trigger,
               "pipeline_spec": {"workflow_manifest": ARGO_WORKFLOW}}
        status, _h, raw = client.call("POST", "/apis/v1beta1/jobs", job)
        assert status in (200, 400), raw
    stub.advance_clock(3600)
    for path in ("/apis/v1beta1/runs", "/apis/v1beta1/jobs"):
        status, _h, raw = client.call("GET", path)
        assert status == 200, raw


@stub_only
def test_run_duration_zero_and_ipv6_loopback():
    try:
        stub = StubServer(host="::1", run_duration=0)
    except OSError:
        stub = StubServer(run_duration=0)  # no IPv6 on this machine
    with stub:
        from conftest import ARGO_WORKFLOW

        client = Http(stub.url)
        status, body = client.json("POST", "/apis/v1beta1/runs",
                                   {"name": "fast", "pipeline_spec": {"workflow_manifest": ARGO_WORKFLOW}})
        assert status == 200 and body["run"]["status"] == "Pending"
        status, body = client.json("GET", f"/apis/v1beta1/runs/{body['run']['id']}")
        assert body["run"]["status"] == "Succeeded"
