"""Contract tests: experiments, the Default experiment, archive cascade, listing rules."""
import datetime
import json

import pytest

import kfp_server_api
from kfp_server_api import ApiExperiment, ApiException

from conftest import REAL_HOST, error_of


def test_create_get_delete(apis, uid):
    created = apis.experiments.create_experiment(ApiExperiment(name=f"exp-{uid}", description="first"))
    assert created.id and created.name == f"exp-{uid}" and created.description == "first"
    assert created.storage_state == "STORAGESTATE_AVAILABLE"
    assert created.created_at.tzinfo is not None
    assert [(r.key.type, r.relationship) for r in created.resource_references] == [("NAMESPACE", "OWNER")]
    assert apis.experiments.get_experiment(created.id) == created
    assert apis.experiments.delete_experiment(created.id) == {}
    with pytest.raises(ApiException) as info:
        apis.experiments.get_experiment(created.id)
    assert info.value.status == 404


def test_not_found_body_is_gateway_shaped(http):
    status, body = http.json("GET", "/apis/v1beta1/experiments/nope")
    assert status == 404
    assert list(body) == ["error", "code", "message", "details"]
    assert body["code"] == 5 and body["error"] == body["message"]
    assert body["message"].endswith("ResourceNotFoundError: Experiment nope not found")
    assert body["details"] == [
        {"@type": "type.googleapis.com/google.rpc.Status", "code": 5, "message": "Experiment nope not found"}
    ]


def test_duplicate_name_conflicts(apis, uid):
    apis.experiments.create_experiment(ApiExperiment(name=f"dup-{uid}"))
    with pytest.raises(ApiException) as info:
        apis.experiments.create_experiment(ApiExperiment(name=f"dup-{uid}"))
    assert info.value.status == 409
    body = error_of(info.value)
    assert body["code"] == 6
    assert body["details"][0]["message"] == (
        f"Failed to create a new experiment. The name dup-{uid} already exists. Please specify a new name")


def test_empty_name_is_rejected_with_400_not_500(http):
    status, body = http.json("POST", "/apis/v1beta1/experiments", {"description": "no name"})
    if REAL_HOST:
        assert status == 500  # the real server wraps this validation error as internal
    else:
        assert status == 400 and body["code"] == 3
    assert "Experiment must have a non-empty name" in body["message"]


def test_default_experiment_present_and_undeletable(stub, apis):
    listed = apis.experiments.list_experiment()
    assert listed.total_size == 1
    default = listed.experiments[0]
    assert default.name == "Default"
    assert default.description == "All runs created without specifying an experiment will be grouped here."
    with pytest.raises(ApiException) as info:
        apis.experiments.delete_experiment(default.id)
    assert info.value.status == 409
    body = error_of(info.value)
    assert body["code"] == 10
    assert body["details"][0]["message"] == (
        f"Failed to delete experiment {default.id}. The default experiment cannot be deleted")


def test_request_bodies_are_lenient(http, uid):
    status, body = http.json("POST", "/apis/v1beta1/experiments",
                             {"name": f"camel-{uid}", "description": "d", "unknownField": 1,
                              "resourceReferences": [{"key": {"type": 5, "id": "ignored"}, "relationship": 1}]})
    assert status == 200, body
    assert body["name"] == f"camel-{uid}"
    assert body["resource_references"] == [{"key": {"type": "NAMESPACE"}, "relationship": "OWNER"}]


def test_response_json_shape(http, uid):
    status, headers, raw = http.call("POST", "/apis/v1beta1/experiments", {"name": f"shape-{uid}"})
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert b" " not in raw.replace(b"shape-", b"")  # compact
    body = json.loads(raw)
    assert list(body) == ["id", "name", "created_at", "resource_references", "storage_state"]
    assert body["created_at"].endswith("Z") and len(body["created_at"]) == 20


def test_list_scoping_errors(http):
    status, body = http.json("GET", "/apis/v1beta1/experiments?resource_reference_key.type=EXPERIMENT")
    assert status == 400 and "must be of type 'Namespace'" in body["message"]
    status, body = http.json("GET", "/apis/v1beta1/experiments?resource_reference_key.id=x")
    assert status == 400 and "Unrecognized resource reference type" in body["message"]


def test_archive_cascades_to_runs_and_jobs_and_unarchive_restores_only_experiment(stub, apis, uid):
    from test_runs import make_pipeline, run_body, job_body

    exp = apis.experiments.create_experiment(ApiExperiment(name=f"arch-{uid}"))
    pipeline = make_pipeline(apis, uid)
    run = apis.runs.create_run(run_body(f"r-{uid}", pipeline.id, exp.id)).run
    job = apis.jobs.create_job(job_body(f"j-{uid}", pipeline.id, exp.id, enabled=True))
    assert job.enabled is True
    assert apis.experiments.archive_experiment(exp.id) == {}
    assert apis.experiments.get_experiment(exp.id).storage_state == "STORAGESTATE_ARCHIVED"
    assert apis.runs.get_run(run.id).run.storage_state == "STORAGESTATE_ARCHIVED"
    assert not apis.jobs.get_job(job.id).enabled
    apis.experiments.unarchive_experiment(exp.id)
    assert apis.experiments.get_experiment(exp.id).storage_state == "STORAGESTATE_AVAILABLE"
    assert apis.runs.get_run(run.id).run.storage_state == "STORAGESTATE_ARCHIVED"
    assert not apis.jobs.get_job(job.id).enabled
    # A run cannot leave the archive while its experiment is archived.
    apis.experiments.archive_experiment(exp.id)
    with pytest.raises(ApiException) as info:
        apis.runs.unarchive_run(run.id)
    assert info.value.status == 400 and error_of(info.value)["code"] == 9
    apis.experiments.unarchive_experiment(exp.id)
    apis.runs.unarchive_run(run.id)
    assert apis.runs.get_run(run.id).run.storage_state is None


def test_delete_experiment_keeps_runs(stub, apis, uid):
    from test_runs import make_pipeline, run_body

    exp = apis.experiments.create_experiment(ApiExperiment(name=f"del-{uid}"))
    run = apis.runs.create_run(run_body(f"r-{uid}", make_pipeline(apis, uid).id, exp.id)).run
    apis.experiments.delete_experiment(exp.id)
    assert apis.runs.get_run(run.id).run.id == run.id


def test_archive_unknown_experiment_succeeds_single_user(apis):
    assert apis.experiments.archive_experiment("no-such-experiment") == {}


def test_pagination_walk_and_sort(stub, apis):
    names = [f"p{i:02d}" for i in range(7)]
    for name in names:
        apis.experiments.create_experiment(ApiExperiment(name=name))
    seen, token = [], None
    while True:
        page = apis.experiments.list_experiment(page_size=3, page_token=token, sort_by="name desc")
        assert page.total_size == 8
        seen += [e.name for e in page.experiments]
        token = page.next_page_token
        if not token:
            break
    assert seen == sorted(names + ["Default"], reverse=True)


@pytest.mark.parametrize("flt, expected", [
    ({"predicates": [{"op": "EQUALS", "key": "name", "string_value": "b1"}]}, ["b1"]),
    ({"predicates": [{"op": 2, "key": "name", "stringValue": "b1"}]}, ["Default", "a1", "c1"]),
    ({"predicates": [{"op": "IN", "key": "name", "string_values": {"values": ["a1", "c1"]}}]}, ["a1", "c1"]),
    ({"predicates": [{"op": "IS_SUBSTRING", "key": "name", "string_value": "1"}]}, ["a1", "b1", "c1"]),
    ({"predicates": [{"op": "EQUALS", "key": "storage_state", "string_value": "STORAGESTATE_ARCHIVED"}]}, ["c1"]),
    ({"predicates": [{"op": "EQUALS", "key": "storage_state", "string_value": "ARCHIVED"}]}, ["c1"]),
    ({"predicates": [{"op": "GREATER_THAN", "key": "name", "string_value": "a1"}]}, ["b1", "c1"]),
    ({"predicates": [{"op": "LESS_THAN_EQUALS", "key": "created_at",
                      "timestamp_value": "2000-01-01T00:00:00Z"}]}, []),
    ({"predicates": [{"op": "GREATER_THAN_EQUALS", "key": "created_at", "long_value": "1"}]},
     ["Default", "a1", "b1", "c1"]),
])
def test_filters(stub, apis, flt, expected):
    ids = {}
    for name in ("a1", "b1", "c1"):
        ids[name] = apis.experiments.create_experiment(ApiExperiment(name=name)).id
    apis.experiments.archive_experiment(ids["c1"])
    page = apis.experiments.list_experiment(filter=json.dumps(flt), sort_by="name")
    assert [e.name for e in page.experiments or []] == expected
    assert (page.total_size or 0) == len(expected)


def _shifted(rfc3339_utc, hours, minutes=0):
    """The same instant written with a UTC offset of +/-hours:minutes."""
    instant = datetime.datetime.strptime(rfc3339_utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    zone = datetime.timezone(datetime.timedelta(hours=hours, minutes=minutes))
    return instant.astimezone(zone).isoformat()


@pytest.mark.parametrize("hours, minutes", [(2, 0), (-5, -30), (0, 0), (14, 0)])
def test_filter_timestamps_with_a_utc_offset(stub, apis, hours, minutes):
    """The SDK sends the filter URL-encoded once; "+02:00" must survive the second unescape."""
    stub.advance_clock(10)  # away from the Default experiment's second
    created = apis.experiments.create_experiment(ApiExperiment(name="at-now"))
    stub.advance_clock(10)
    apis.experiments.create_experiment(ApiExperiment(name="later"))
    when = _shifted(created.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"), hours, minutes)
    assert when.endswith(("+02:00", "-05:30", "+00:00", "+14:00"))
    for op, expected in [("EQUALS", ["at-now"]), ("GREATER_THAN", ["later"]), ("LESS_THAN", ["Default"])]:
        flt = {"predicates": [{"op": op, "key": "created_at", "timestamp_value": when}]}
        page = apis.experiments.list_experiment(filter=json.dumps(flt), sort_by="name")
        assert [e.name for e in page.experiments or []] == expected, (op, when)


def test_bad_list_parameters(http):
    for query, fragment in [
        ("sort_by=nope", 'Invalid sorting field: \\"nope\\" on listable type Experiment'),
        ("page_size=abc", ""),
        ("page_size=-1", "The page size should be greater than 0"),
        ("page_token=%%%", "Invalid package token"),
        ("filter=%7Bbad", "failed to parse valid filter"),
    ]:
        status, _h, raw = http.call("GET", "/apis/v1beta1/experiments?" + query)
        assert status == 400, query
        assert json.loads(raw)["code"] == 3
        assert fragment in raw.decode(), (query, raw)


def test_sdk_exception_types(apis):
    with pytest.raises(kfp_server_api.NotFoundException):
        apis.experiments.get_experiment("missing")
