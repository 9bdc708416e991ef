"""Authorization matrix of the stub, over every route of the specs (paths and methods read
from ``spec/*.swagger.json``, path parameters filled with freshly seeded resources).

* Token mode (``--token``): {no token, wrong token, right token} -> 401, 401, not 401 (healthz
  always open); 401s carry the gateway error body; nothing is a 5xx.
* Multi-user mode: for the namespaced routes (experiments, runs, jobs, tasks) the caller is
  {the owner of the namespace, an identity granted another namespace, no identity} ->
  2xx-ish (not 401/403), 403, 401. ListTasks has no namespace input and lists the caller's
  namespaces: the other identity gets 200 without the owner's task, the owner 200 with it.
  The other routes (pipelines, healthz) are recorded too.
The state is reset and seeded again before each route, so destructive calls do not hide
later ones.
"""
import http.client
import json
import os
import re
import urllib.parse
from collections import Counter
from typing import Any, Dict, List, Optional, Tuple

import pytest
import urllib3
from rel_support import PIPELINE_FILE, path_values, seed

from kfp_server_api.stub import StubServer

SPEC_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "spec")
TOKEN = "right-token"
OWNER, OTHER = "alice@example.com", "bob@example.com"
NAMESPACED = re.compile(r"^/apis/v1(beta1|alpha1)/(experiments|runs|jobs|tasks)")


def _routes() -> List[Tuple[str, str]]:
    routes = []
    for name in sorted(os.listdir(SPEC_DIR)):
        with open(os.path.join(SPEC_DIR, name), encoding="utf-8") as f:
            spec = json.load(f)
        for path, item in spec.get("paths", {}).items():
            routes += [(method.upper(), path) for method in item if method in ("get", "post", "put", "delete", "patch")]
    return routes


ROUTES = _routes()


def _request(template: str, method: str, ids: Dict[str, str]) -> Tuple[str, Optional[bytes], Dict[str, str]]:
    """(target, body, headers) of a sensible request for one route."""
    path = template
    for name, value in path_values(template, ids).items():
        path = path.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
    ns, exp = ids["namespace"], ids["experiment"]
    owner = [{"key": {"type": "EXPERIMENT", "id": exp}, "relationship": "OWNER"}]
    spec = {"pipeline_id": ids["pipeline"], "parameters": [{"name": "param1", "value": "x"}]}
    query: Dict[str, str] = {}
    body: Any = None
    if method == "GET" and template.endswith(("/experiments", "/runs", "/jobs")):
        query = {"resource_reference_key.type": "NAMESPACE", "resource_reference_key.id": ns}
    elif method == "GET" and template.endswith("/pipeline_versions"):
        query = {"resource_key.type": "PIPELINE", "resource_key.id": ids["pipeline"]}
    elif method == "POST" and template.endswith("/experiments"):
        body = {"name": "matrix-exp", "resource_references": [
            {"key": {"type": "NAMESPACE", "id": ns}, "relationship": "OWNER"}]}
    elif method == "POST" and template.endswith("/runs"):
        body = {"name": "matrix-run", "pipeline_spec": spec, "resource_references": owner}
    elif method == "POST" and template.endswith("/jobs"):
        body = {"name": "matrix-job", "pipeline_spec": spec, "resource_references": owner, "enabled": True,
                "max_concurrency": "1", "trigger": {"periodic_schedule": {"interval_second": "3600"}}}
    elif method == "POST" and template.endswith(":reportMetrics"):
        body = {"metrics": [{"name": "m", "node_id": "node-1", "number_value": 1}]}
    elif method == "POST" and template.endswith("/tasks"):
        body = {"pipelineName": "p", "runId": ids["run"], "mlmdExecutionID": "1", "fingerprint": "f",
                "created_at": "2024-01-01T00:00:00Z", "namespace": ns}
    elif method == "POST" and template.endswith(("/pipelines", "/pipeline_versions")):
        body = {"name": "matrix-p", "url": {"pipeline_url": "http://127.0.0.1:9/none.yaml"},
                "resource_references": [{"key": {"type": "PIPELINE", "id": ids["pipeline"]}, "relationship": "OWNER"}]}
    if template.endswith(("/upload", "/upload_version")):
        query = {"name": "matrix-upload"}
        if template.endswith("/upload_version"):
            query["pipelineid"] = ids["pipeline"]
        with open(PIPELINE_FILE, "rb") as f:
            data, ctype = urllib3.encode_multipart_formdata([("uploadfile", ("p.yaml", f.read()))])
        return path + "?" + urllib.parse.urlencode(query), data, {"Content-Type": ctype}
    target = path + ("?" + urllib.parse.urlencode(query) if query else "")
    if body is None:
        return target, None, {}
    return target, json.dumps(body).encode(), {"Content-Type": "application/json"}


def _call(stub: StubServer, method: str, target: str, body: Optional[bytes],
          headers: Dict[str, str]) -> Tuple[int, bytes]:
    conn = http.client.HTTPConnection(stub.host, stub.port, timeout=30)
    try:
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def _gateway_401(data: bytes) -> bool:
    try:
        body = json.loads(data)
    except ValueError:
        return False
    return body.get("code") == 16 and isinstance(body.get("error"), str) and isinstance(body.get("message"), str)


@pytest.fixture(scope="module")
def token_stub() -> Any:
    """A stub that requires the Bearer token."""
    with StubServer(token=TOKEN) as stub:
        yield stub


@pytest.fixture(scope="module")
def multi_user_stub() -> Any:
    """A multi-user stub: alice owns team-a, bob team-b."""
    with StubServer(multi_user=True, users={OWNER: ["team-a"], OTHER: ["team-b"]}) as stub:
        yield stub


def test_token_matrix(token_stub: StubServer, report: Any) -> None:
    problems: List[str] = []
    outcomes: Counter = Counter()
    for method, template in ROUTES:
        token_stub.reset()
        with token_stub.api_client() as client:
            ids = seed(client, tag="matrix")
        token_stub.put_artifact(ids["run"], "node-1", "art", b"x")
        target, body, headers = _request(template, method, ids)
        open_route = template.endswith("/healthz")
        for who, auth in (("no token", None), ("wrong token", "Bearer wrong-token"), ("right token", f"Bearer {TOKEN}")):
            status, data = _call(token_stub, method, target, body, {**headers, **({"authorization": auth} if auth else {})})
            outcomes[(who, status)] += 1
            expect_401 = who != "right token" and not open_route
            if status >= 500 or (status == 401) != expect_401 or (status == 401 and not _gateway_401(data)):
                problems.append(f"{who}: {method} {template} -> {status} {data[:120]!r}")
    assert problems == []
    report(f"token auth: {len(ROUTES)} routes x 3 credentials = {3 * len(ROUTES)} requests, "
           f"{len(problems)} mismatches; outcomes {dict(sorted(outcomes.items()))}")


def test_multi_user_matrix(multi_user_stub: StubServer, report: Any) -> None:
    problems: List[str] = []
    outcomes: Counter = Counter()
    namespaced = 0
    for method, template in ROUTES:
        multi_user_stub.reset()
        with multi_user_stub.api_client(user=OWNER) as client:
            ids = seed(client, namespace="team-a", tag="matrix")
        multi_user_stub.put_artifact(ids["run"], "node-1", "art", b"x")
        target, body, headers = _request(template, method, ids)
        is_namespaced = bool(NAMESPACED.match(template))
        namespaced += is_namespaced
        scoped = method == "GET" and template == "/apis/v1alpha1/tasks"
        if scoped:
            # ListTasks has no namespace input: it lists the caller's namespaces; alice's task
            # must show up for her only.
            task_target, task_body, task_headers = _request(template, "POST", ids)
            status, data = _call(multi_user_stub, "POST", task_target, task_body,
                                 {**task_headers, "kubeflow-userid": OWNER})
            assert status == 200, data
            task_id = json.loads(data)["id"].encode()
        # The owner goes last: its call may delete what the others were refused.
        for who, user in (("no identity", None), ("other namespace", OTHER), ("own namespace", OWNER)):
            extra = {"kubeflow-userid": user} if user else {}
            status, data = _call(multi_user_stub, method, target, body, {**headers, **extra})
            outcomes[("namespaced" if is_namespaced else "shared", who, status)] += 1
            if status >= 500:
                problems.append(f"{who}: {method} {template} -> {status}")
            if not is_namespaced:
                continue
            if scoped:
                ok = {"no identity": status == 401, "other namespace": status == 200 and task_id not in data,
                      "own namespace": status == 200 and task_id in data}[who]
            else:
                expected = {"no identity": {401}, "other namespace": {403}}.get(who)
                ok = status in expected if expected else status not in (401, 403)
            if not ok:
                problems.append(f"{who}: {method} {template} -> {status} {data[:160]!r}")
    assert problems == [], "\n".join(problems)
    report(f"multi-user: {namespaced} namespaced routes x 3 identities = {3 * namespaced} requests (+"
           f"{3 * (len(ROUTES) - namespaced)} on shared routes), {len(problems)} mismatches; "
           f"outcomes {dict(sorted(outcomes.items()))}")
