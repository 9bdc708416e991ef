"""Filter: the JSON text it produces, what goes on the wire, and that the stub (which follows
the real server's filter rules) selects what each builder promises."""
import datetime
import json

import pytest

from kfp_server_api import (ApiExperiment, ApiFilter, ApiPredicate, ApiStringValues, ExperimentServiceApi, Filter,
                            RunServiceApi, paginate)
from kfp_server_api.exceptions import ApiTypeError, ApiValueError

UTC = datetime.timezone.utc


def _predicates(f):
    return json.loads(str(f))["predicates"]


@pytest.mark.parametrize("build, op", [
    (Filter.equals, "EQUALS"),
    (Filter.not_equals, "NOT_EQUALS"),
    (Filter.greater_than, "GREATER_THAN"),
    (Filter.greater_than_equals, "GREATER_THAN_EQUALS"),
    (Filter.less_than, "LESS_THAN"),
    (Filter.less_than_equals, "LESS_THAN_EQUALS"),
])
def test_comparisons_choose_the_value_kind_from_the_python_type(build, op):
    assert _predicates(build("name", "x")) == [{"op": op, "key": "name", "string_value": "x"}]
    assert _predicates(build("size", 2 ** 40)) == [{"op": op, "key": "size", "long_value": str(2 ** 40)}]
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    assert _predicates(build("created_at", when)) == [
        {"op": op, "key": "created_at", "timestamp_value": "2024-05-06T07:08:09Z"}]


def test_json_text_is_compact_and_the_same_from_str_and_to_json_string():
    f = Filter.name_equals("my run")
    assert str(f) == f.to_json_string() == '{"predicates":[{"op":"EQUALS","key":"name","string_value":"my run"}]}'
    # to_json() keeps the meaning it has on every model: the JSON-ready dict.
    assert f.to_json() == {"predicates": [{"op": "EQUALS", "key": "name", "string_value": "my run"}]}


def test_in_substring_and_created_helpers():
    assert _predicates(Filter.in_("status", ["Failed", "Error"])) == [
        {"op": "IN", "key": "status", "string_values": {"values": ["Failed", "Error"]}}]
    assert _predicates(Filter.in_("size", (1, 2))) == [{"op": "IN", "key": "size", "long_values": {"values": ["1", "2"]}}]
    assert _predicates(Filter.substring("name", "nightly")) == [
        {"op": "IS_SUBSTRING", "key": "name", "string_value": "nightly"}]
    assert _predicates(Filter.created_after(datetime.datetime(2024, 1, 1))) == [  # naive: UTC
        {"op": "GREATER_THAN", "key": "created_at", "timestamp_value": "2024-01-01T00:00:00Z"}]
    assert _predicates(Filter.created_before(1700000000)) == [
        {"op": "LESS_THAN", "key": "created_at", "timestamp_value": "2023-11-14T22:13:20Z"}]
    tz = datetime.timezone(datetime.timedelta(hours=2))  # offsets are kept (RFC 3339)
    assert _predicates(Filter.created_after(datetime.datetime(2024, 1, 1, 2, tzinfo=tz)))[0]["timestamp_value"] == \
        "2024-01-01T02:00:00+02:00"


def test_and_combines_filters_and_plain_api_filters():
    f = Filter.name_equals("a") & Filter.not_equals("status", "Failed")
    assert isinstance(f, Filter) and isinstance(f, ApiFilter)
    assert [p["op"] for p in _predicates(f)] == ["EQUALS", "NOT_EQUALS"]
    plain = ApiFilter(predicates=[ApiPredicate(op="IS_SUBSTRING", key="name", string_value="x")])
    assert [p["op"] for p in _predicates(f & plain)] == ["EQUALS", "NOT_EQUALS", "IS_SUBSTRING"]
    assert [p["op"] for p in _predicates(plain & f)] == ["IS_SUBSTRING", "EQUALS", "NOT_EQUALS"]
    # The operands are left unchanged.
    assert len(f.predicates) == 2 and len(plain.predicates) == 1
    with pytest.raises(TypeError):
        f & "name"  # noqa: B018


def test_a_filter_equals_the_api_filter_with_the_same_predicates():
    f = Filter.in_("name", ["a"])
    same = ApiFilter(predicates=[ApiPredicate(op="IN", key="name", string_values=ApiStringValues(values=["a"]))])
    assert f == same and same == f
    assert f != Filter.in_("name", ["b"])


@pytest.mark.parametrize("call, error, message", [
    (lambda: Filter.equals("flag", True), ApiTypeError, "bool values are not supported"),
    (lambda: Filter.equals("ratio", 0.5), ApiTypeError, "cannot compare with a float"),
    (lambda: Filter.equals("", "x"), ApiValueError, "key must not be empty"),
    (lambda: Filter.equals(3, "x"), ApiTypeError, "key must be a str"),
    (lambda: Filter.in_("name", []), ApiValueError, "at least one value"),
    (lambda: Filter.in_("name", "abc"), ApiTypeError, "expected a list of values"),
    (lambda: Filter.in_("name", ["a", 1]), ApiTypeError, "all str or all int, got int, str"),
    (lambda: Filter.in_("name", [True]), ApiTypeError, "all str or all int"),
    (lambda: Filter.substring("name", 5), ApiTypeError, "expected a str"),
    (lambda: Filter.created_after("yesterday"), ApiTypeError, "expected a datetime or Unix seconds"),
    (lambda: Filter.created_before(1e300), ApiValueError, "not a valid Unix time"),
    (lambda: Filter.name_equals(None), ApiTypeError, "expected a str"),
])
def test_bad_values_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_filter_query_value_is_the_json_text(recording_server, api_client):
    recording_server.respond(200, {})
    f = Filter.equals("status", "Failed") & Filter.created_after(datetime.datetime(2024, 1, 1, tzinfo=UTC))
    RunServiceApi(api_client).list_runs(filter=f)
    assert dict(recording_server.last.query)["filter"] == str(f)


def _names(client, f):
    return sorted(e.name for e in paginate(ExperimentServiceApi(client).list_experiment, filter=f))


def test_the_stub_selects_what_each_builder_promises(kfp_api_client, kfp_stub):
    api = ExperimentServiceApi(kfp_api_client)
    kfp_stub.freeze_clock()
    created = {}
    for name in ("alpha", "beta", "gamma"):
        created[name] = api.create_experiment(ApiExperiment(name=name)).created_at
        kfp_stub.advance_clock(10)
    every = ["Default", "alpha", "beta", "gamma"]
    assert _names(kfp_api_client, Filter.name_equals("beta")) == ["beta"]
    assert _names(kfp_api_client, Filter.not_equals("name", "beta")) == ["Default", "alpha", "gamma"]
    assert _names(kfp_api_client, Filter.in_("name", ["alpha", "gamma", "zeta"])) == ["alpha", "gamma"]
    assert _names(kfp_api_client, Filter.substring("name", "mm")) == ["gamma"]
    assert _names(kfp_api_client, Filter.greater_than("name", "beta")) == ["gamma"]
    assert _names(kfp_api_client, Filter.greater_than_equals("name", "beta")) == ["beta", "gamma"]
    assert _names(kfp_api_client, Filter.less_than("name", "beta")) == ["Default", "alpha"]
    assert _names(kfp_api_client, Filter.less_than_equals("name", "beta")) == ["Default", "alpha", "beta"]
    assert _names(kfp_api_client, Filter.created_after(created["alpha"])) == ["beta", "gamma"]
    assert _names(kfp_api_client, Filter.created_before(created["gamma"])) == ["Default", "alpha", "beta"]
    assert _names(kfp_api_client, Filter.created_after(created["alpha"]) & Filter.created_before(created["gamma"])) \
        == ["beta"]
    unix = int(created["beta"].timestamp())
    assert _names(kfp_api_client, Filter.greater_than_equals("created_at", unix)) == ["beta", "gamma"]
    assert _names(kfp_api_client, Filter.created_after(0)) == every


def test_plain_strings_keep_working(kfp_api_client):
    ExperimentServiceApi(kfp_api_client).create_experiment(ApiExperiment(name="plain"))
    text = '{"predicates":[{"op":1,"key":"name","stringValue":"plain"}]}'
    assert _names(kfp_api_client, text) == ["plain"]
