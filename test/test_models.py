"""The generated models and the conversions of kfp_server_api.model_base, as users see them.

Generic properties are checked for every model listed in the generated exports (not a
hand-picked few); realistic server payloads cover the wire details (nanosecond timestamps,
int64 strings, protobuf values, unknown fields and enum values, error shapes).
"""
import base64
import copy
import datetime as dt
import importlib
import json
import math
import pickle

import pytest

import kfp_server_api
from kfp_server_api import model_base
from kfp_server_api._exports import MODELS
from kfp_server_api.exceptions import ApiTypeError, ApiValueError
from kfp_server_api.model_base import DecodeError, EnumModel, Model, decode, to_jsonable

UTC = dt.timezone.utc


def model_class(name):
    return getattr(importlib.import_module(MODELS[name]), name)


ALL = sorted(MODELS)
MODEL_NAMES = [n for n in ALL if issubclass(model_class(n), Model)]
ENUM_NAMES = [n for n in ALL if issubclass(model_class(n), EnumModel)]
# Models whose wire form is not an object of their fields (canonical protobuf JSON).
WELL_KNOWN = {"ProtobufValue", "ProtobufStruct", "ProtobufListValue", "ProtobufAny"}


def sample(wire, depth=0):
    """A canonical wire value for a wire type (what a server would send)."""
    if wire == "str":
        return "text-" + str(depth)
    if wire == "int32":
        return 7
    if wire == "int64":
        return "9007199254740993"  # above 2**53: must survive as an exact int
    if wire == "double":
        return 0.25
    if wire == "bool":
        return True
    if wire == "datetime":
        return "2023-03-04T05:06:07.123456Z"
    if wire == "bytes":
        return base64.b64encode(b"\x00\x01binary").decode()
    if wire == "object":
        return {"k": [1, "x", None, True, {"n": 2.5}]}
    if wire == "struct":
        return {"a": 1, "b": [None]}
    if wire == "listvalue":
        return [1, "a", {"b": False}]
    if wire.startswith("enum:"):
        return model_class(wire[5:]).allowable_values[-1]
    if wire.startswith("model:"):
        return sample_payload(wire[6:], depth + 1)
    if wire.startswith("list:"):
        return [sample(wire[5:], depth), sample(wire[5:], depth)]
    if wire.startswith("map:"):
        return {"key-a": sample(wire[4:], depth)}
    raise AssertionError(wire)


def sample_payload(name, depth=0):
    cls = model_class(name)
    if name == "ProtobufValue":
        return {"nested": [1.5, "two", None]}
    if name == "ProtobufStruct":
        return {"a": 1.0, "b": {"c": [True]}}
    if name == "ProtobufListValue":
        return [1.0, "x", None]
    if name == "ProtobufAny":
        return {"@type": "type.googleapis.com/api.Error", "error_message": "m", "error_details": "d"}
    if depth > 4:
        return {}
    return {cls.attribute_map[a]: sample(w, depth) for a, w in cls._wire_types.items()}


REALISTIC_RUN = {
    "id": "4c3a7f8e-2d1b-4e5a-9f6c-0b1d2e3f4a5b",
    "name": "train-model-2023-03-04",
    "storage_state": "STORAGESTATE_AVAILABLE",
    "description": "nightly training",
    "pipeline_spec": {
        "pipeline_id": "p-1",
        "pipeline_name": "train",
        "workflow_manifest": json.dumps({"kind": "Workflow", "spec": {"templates": [{"name": "x" * 300}]}}),
        "parameters": [{"name": "lr", "value": "0.01"}, {"name": "epochs", "value": "10"}],
        "runtime_config": {
            "parameters": {"lr": 0.01, "layers": [64, 32], "opt": {"name": "adam"}, "flag": False, "none": None},
            "pipeline_root": "gs://bucket/root",
        },
    },
    "resource_references": [
        {"key": {"type": "EXPERIMENT", "id": "e-1"}, "name": "Default", "relationship": "OWNER"},
        {"key": {"type": "PIPELINE_VERSION", "id": "v-1"}, "relationship": "CREATOR"},
    ],
    "service_account": "pipeline-runner",
    "created_at": "2023-03-04T05:06:07.123456789Z",
    "scheduled_at": "2023-03-04T05:06:07Z",
    "finished_at": "1970-01-01T00:00:00Z",
    "status": "Succeeded",
    "metrics": [{"name": "accuracy", "node_id": "n-1", "number_value": 0.93, "format": "PERCENTAGE"}],
}


# --------------------------------------------------------------------------------------------
# Generic properties of every model


def test_exports_cover_every_definition():
    assert len(ALL) == 49
    assert len(ENUM_NAMES) == 9
    for name in ALL:
        assert getattr(kfp_server_api, name) is model_class(name)
        assert getattr(kfp_server_api.models, name) is model_class(name)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_round_trip_json_model_json(name):
    cls = model_class(name)
    payload = sample_payload(name)
    obj = cls.from_json(payload)
    assert isinstance(obj, cls)
    assert obj.to_json() == payload
    assert to_jsonable(obj) == payload
    # the JSON text survives too (what goes on the wire)
    assert cls.from_json(json.loads(json.dumps(to_jsonable(obj)))) == obj


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_generic_model_protocol(name):
    cls = model_class(name)
    obj = cls.from_json(sample_payload(name))
    # class attributes like the older generated client
    assert set(cls.openapi_types) == set(cls.attribute_map) == set(cls._wire_types)
    assert all(isinstance(v, str) for v in cls.openapi_types.values())
    # constructor with every field as keyword, from the attributes of the decoded object
    rebuilt = cls(**{a: getattr(obj, a) for a in cls.attribute_map})
    assert rebuilt.to_dict() == obj.to_dict()
    if not obj._extra:
        assert rebuilt == obj and not (rebuilt != obj)
    else:  # unknown fields read from the wire are part of the value
        assert rebuilt != obj
    assert cls() == cls() and (cls() != obj or not cls.attribute_map)
    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.deepcopy(obj) == obj and copy.copy(obj) == obj
    d = obj.to_dict()
    assert list(d) == list(cls.attribute_map)
    assert obj.to_str().startswith("{")
    assert repr(obj).startswith(f"{name}(")
    assert f"{name}" in obj._repr_html_()
    assert not hasattr(obj, "__dict__"), "models use __slots__"
    with pytest.raises(ApiTypeError, match="unexpected keyword argument"):
        cls(no_such_field=1)
    cls(local_vars_configuration=object())  # accepted and ignored (older generated client)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_wrong_shape_for_every_model_names_the_model(name):
    cls = model_class(name)
    if name in ("ProtobufValue",):
        return  # any JSON value is a valid google.protobuf.Value
    with pytest.raises(DecodeError) as info:
        cls.from_json(["not", "an", "object"]) if name != "ProtobufListValue" else cls.from_json({"a": 1})
    assert str(info.value).startswith(name)


@pytest.mark.parametrize("name", ENUM_NAMES)
def test_enums_are_string_constants(name):
    cls = model_class(name)
    assert cls.allowable_values and isinstance(cls.allowable_values, tuple)
    for v in cls.allowable_values:
        assert getattr(cls, v) == v and type(getattr(cls, v)) is str
    with pytest.raises(ApiTypeError):
        cls()


# --------------------------------------------------------------------------------------------
# Realistic payloads


def test_realistic_run_round_trip_and_python_types():
    run = kfp_server_api.ApiRun.from_json(REALISTIC_RUN)
    assert run.created_at == dt.datetime(2023, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)  # ns truncated
    assert run.finished_at == dt.datetime(1970, 1, 1, tzinfo=UTC)  # the epoch stays a datetime
    assert run.resource_references[0].key.type == kfp_server_api.ApiResourceType.EXPERIMENT
    assert type(run.resource_references[0].key.type) is str
    params = run.pipeline_spec.runtime_config.parameters
    assert params == {"lr": 0.01, "layers": [64, 32], "opt": {"name": "adam"}, "flag": False, "none": None}
    assert run.metrics[0].number_value == 0.93
    out = run.to_json()
    expected = json.loads(json.dumps(REALISTIC_RUN))
    expected["created_at"] = "2023-03-04T05:06:07.123456Z"
    assert out == expected
    d = run.to_dict()
    assert isinstance(d["created_at"], dt.datetime)
    assert d["pipeline_spec"]["parameters"][0] == {"name": "lr", "value": "0.01"}
    assert d["error"] is None


def test_list_response_decode_and_absent_fields_are_none():
    resp = decode("ApiListRunsResponse", {"runs": [REALISTIC_RUN] * 3, "total_size": 3, "next_page_token": "tok"})
    assert len(resp.runs) == 3 and resp.total_size == 3 and resp.next_page_token == "tok"
    empty = decode("ApiListRunsResponse", {})
    assert empty.runs is None and empty.total_size is None
    assert decode("ApiListRunsResponse", {"runs": None, "total_size": None}) == empty  # null == absent


def test_int64_fields_read_string_or_number_and_write_strings():
    job = kfp_server_api.ApiJob.from_json({"max_concurrency": "10", "trigger": {"periodic_schedule": {"interval_second": 3600}}})
    assert job.max_concurrency == 10 and job.trigger.periodic_schedule.interval_second == 3600
    assert job.to_json() == {"max_concurrency": "10", "trigger": {"periodic_schedule": {"interval_second": "3600"}}}
    # kfp 1.8 passes ints and RFC 3339 strings; the older client typed int64 as str
    job2 = kfp_server_api.ApiJob(max_concurrency="2", trigger=kfp_server_api.ApiTrigger(
        periodic_schedule=kfp_server_api.ApiPeriodicSchedule(interval_second=60, start_time="2023-01-01T00:00:00Z")))
    assert job2.max_concurrency == 2
    assert job2.trigger.periodic_schedule.start_time == dt.datetime(2023, 1, 1, tzinfo=UTC)
    big = 2**62
    assert kfp_server_api.ApiLongValues.from_json({"values": [str(big), big]}).values == [big, big]


def test_double_reads_numbers_numeric_strings_and_special_words():
    m = kfp_server_api.ApiRunMetric
    assert m.from_json({"number_value": 1}).number_value == 1.0
    assert m.from_json({"number_value": "2.5"}).number_value == 2.5
    assert math.isnan(m.from_json({"number_value": "NaN"}).number_value)
    assert m.from_json({"number_value": "Infinity"}).number_value == math.inf
    assert m.from_json({"number_value": "-Infinity"}).number_value == -math.inf
    assert m(number_value=math.inf).to_json() == {"number_value": "Infinity"}
    assert m(number_value=float("nan")).to_json() == {"number_value": "NaN"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2023-03-04T05:06:07Z", dt.datetime(2023, 3, 4, 5, 6, 7, tzinfo=UTC)),
        ("2023-03-04T05:06:07.1Z", dt.datetime(2023, 3, 4, 5, 6, 7, 100000, tzinfo=UTC)),
        ("2023-03-04T05:06:07.123456789Z", dt.datetime(2023, 3, 4, 5, 6, 7, 123456, tzinfo=UTC)),
        ("2023-03-04T05:06:07+02:00", dt.datetime(2023, 3, 4, 3, 6, 7, tzinfo=UTC)),
        ("2023-03-04t05:06:07.5-01:30", dt.datetime(2023, 3, 4, 6, 36, 7, 500000, tzinfo=UTC)),
    ],
)
def test_timestamps_parse_rfc3339_on_every_python(text, expected):
    for parsed in (model_base.parse_datetime(text), model_base._parse_rfc3339_slow(text)):
        assert parsed == expected and parsed.tzinfo is not None


def test_naive_datetimes_are_sent_as_utc_and_offsets_kept():
    exp = kfp_server_api.ApiExperiment(created_at=dt.datetime(2023, 1, 2, 3, 4, 5))
    assert exp.to_json() == {"created_at": "2023-01-02T03:04:05Z"}
    tz = dt.timezone(dt.timedelta(hours=2))
    assert to_jsonable(dt.datetime(2023, 1, 2, 3, 4, 5, 600, tzinfo=tz)) == "2023-01-02T03:04:05.000600+02:00"
    assert to_jsonable(dt.date(2023, 1, 2)) == "2023-01-02"
    odd = dt.timezone(dt.timedelta(hours=1, seconds=30))
    assert to_jsonable(dt.datetime(2023, 1, 2, 3, 4, 5, tzinfo=odd)) == "2023-01-02T02:03:35Z"


def test_unknown_fields_and_enum_values_survive_a_round_trip():
    payload = {
        "id": "e1",
        "storage_state": "STORAGESTATE_FROZEN",  # a value from a newer server
        "brand_new_field": {"nested": [1, 2]},
    }
    exp = kfp_server_api.ApiExperiment.from_json(payload)
    assert exp.storage_state == "STORAGESTATE_FROZEN"
    assert exp.to_json() == payload
    assert "brand_new_field" not in exp.to_dict()
    # ...but user code may only set known values
    with pytest.raises(ApiValueError, match="ApiExperiment.storage_state"):
        kfp_server_api.ApiExperiment(storage_state="STORAGESTATE_FROZEN")


def test_task_json_names_map_to_snake_case_attributes():
    task = kfp_server_api.ApiTask.from_json({"pipelineName": "p", "runId": "r", "mlmdExecutionID": "m"})
    assert (task.pipeline_name, task.run_id, task.mlmd_execution_id) == ("p", "r", "m")
    assert kfp_server_api.ApiTask(run_id="r").to_json() == {"runId": "r"}
    assert kfp_server_api.ApiTask.attribute_map["mlmd_execution_id"] == "mlmdExecutionID"


def test_protobuf_well_known_types():
    pv = kfp_server_api.ProtobufValue
    for value in (None, True, 1.5, "s", {"a": [1]}, [1, "x"]):
        assert pv.from_python(value).to_json() == value
        assert pv.from_json(value).to_python() == value
    assert pv.from_python(3).number_value == 3.0
    cfg = kfp_server_api.PipelineSpecRuntimeConfig(parameters={"a": pv(number_value=1.0), "b": "x"})
    assert cfg.to_json() == {"parameters": {"a": 1.0, "b": "x"}}
    status = decode("ApiStatus", {
        "error": "not found", "code": 5,
        "details": [{"@type": "type.googleapis.com/api.Error", "error_message": "m", "error_details": "d"}],
    })
    assert status.details[0].type_url == "type.googleapis.com/api.Error"
    assert status.to_json()["details"][0] == {"@type": "type.googleapis.com/api.Error", "error_message": "m", "error_details": "d"}
    assert kfp_server_api.ProtobufAny(type_url="t", value=b"\x01").to_json() == {"@type": "t", "value": "AQ=="}


def test_bytes_fields_are_base64():
    art = kfp_server_api.ApiReadArtifactResponse.from_json({"data": base64.b64encode(b"tar\x00data").decode()})
    assert art.data == b"tar\x00data"
    assert kfp_server_api.ApiReadArtifactResponse.from_json({"data": "dGFy"}).data == b"tar"  # URL-safe/unpadded ok
    assert kfp_server_api.ApiReadArtifactResponse(data=b"\xff\xfe").to_json() == {"data": "//4="}


def test_decode_type_names():
    assert decode("object", {}) == {}
    assert decode("list[ApiParameter]", [{"name": "a"}]) == [kfp_server_api.ApiParameter(name="a")]
    assert decode("dict(str, int)", {"a": "3"}) == {"a": 3}
    assert decode("str", "x") == "x" and decode("bool", False) is False
    assert decode("datetime", "2023-01-01T00:00:00Z") == dt.datetime(2023, 1, 1, tzinfo=UTC)
    assert decode("ApiResourceType", "JOB") == "JOB"
    assert decode("ApiRun", None) is None
    with pytest.raises(ValueError, match="unknown type name"):
        decode("NoSuchModel", {})


# --------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    "payload, path, words",
    [
        ({"runs": [{}, {}, {}, {"created_at": "yesterday"}]}, "ApiListRunsResponse.runs[3].created_at", "RFC 3339"),
        ({"runs": {"id": "x"}}, "ApiListRunsResponse.runs", "expected an array"),
        ({"runs": ["x"]}, "ApiListRunsResponse.runs[0]", "expected an object"),
        ({"total_size": "many"}, "ApiListRunsResponse.total_size", "expected an integer"),
        ({"total_size": 2**31}, "ApiListRunsResponse.total_size", "int32"),
        ({"runs": [{"name": {"a": 1}}]}, "ApiListRunsResponse.runs[0].name", "expected a string"),
        ({"runs": [{"pipeline_spec": {"runtime_config": {"parameters": []}}}]},
         "ApiListRunsResponse.runs[0].pipeline_spec.runtime_config.parameters", "expected an object"),
        ({"runs": [{"metrics": [{"number_value": "fast"}]}]}, "ApiListRunsResponse.runs[0].metrics[0].number_value", "number"),
        ({"runs": [{"metrics": [{"number_value": 10**400}]}]}, "ApiListRunsResponse.runs[0].metrics[0].number_value", "range"),
        ({"runs": [{"resource_references": [{"key": {"type": 3}}]}]},
         "ApiListRunsResponse.runs[0].resource_references[0].key.type", "enum"),
    ],
)
def test_decode_errors_name_the_path(payload, path, words):
    with pytest.raises(DecodeError) as info:
        decode("ApiListRunsResponse", payload)
    assert info.value.path == path
    assert str(info.value).startswith(path + ": ")
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)


def test_decode_errors_for_other_shapes():
    with pytest.raises(DecodeError, match=r"ApiReadArtifactResponse.data: expected base64"):
        kfp_server_api.ApiReadArtifactResponse.from_json({"data": "***"})
    with pytest.raises(DecodeError, match=r"ApiGetHealthzResponse.multi_user: expected true or false"):
        kfp_server_api.ApiGetHealthzResponse.from_json({"multi_user": "yes"})
    with pytest.raises(DecodeError, match=r"ApiJob.max_concurrency: .*int64"):
        kfp_server_api.ApiJob.from_json({"max_concurrency": str(2**64)})
    with pytest.raises(DecodeError, match=r"^ApiRun: expected an object"):
        kfp_server_api.ApiRun.from_json("run")


def test_constructor_errors_name_model_and_field():
    with pytest.raises(ApiValueError, match=r"ApiResourceKey.type: invalid value 'RUN'"):
        kfp_server_api.ApiResourceKey(type="RUN")
    with pytest.raises(ApiTypeError, match=r"ApiRun.name: expected str"):
        kfp_server_api.ApiRun(name=5)
    with pytest.raises(ApiTypeError, match=r"ApiListRunsResponse.total_size: expected int"):
        kfp_server_api.ApiListRunsResponse(total_size="3")
    with pytest.raises(ApiTypeError, match=r"ApiRun.pipeline_spec: expected ApiPipelineSpec or dict"):
        kfp_server_api.ApiRun(pipeline_spec="spec")
    with pytest.raises(ApiValueError, match=r"ApiRun.created_at: expected an RFC 3339"):
        kfp_server_api.ApiRun(created_at="yesterday")
    with pytest.raises(ApiTypeError, match=r"ApiGetHealthzResponse.multi_user: expected bool"):
        kfp_server_api.ApiGetHealthzResponse(multi_user="true")
    with pytest.raises(ApiValueError, match="int32"):
        kfp_server_api.ApiListRunsResponse(total_size=2**40)
    with pytest.raises(ApiValueError, match="ApiRunMetric.number_value: .*range"):
        kfp_server_api.ApiRunMetric(number_value=10**400)


def test_nested_fields_accept_dicts():
    run = kfp_server_api.ApiRun(
        pipeline_spec={"pipeline_id": "p"},
        resource_references=[{"key": {"type": "EXPERIMENT", "id": "e"}, "relationship": "OWNER"}],
    )
    assert isinstance(run.pipeline_spec, kfp_server_api.ApiPipelineSpec)
    assert run.resource_references[0].key == kfp_server_api.ApiResourceKey(type="EXPERIMENT", id="e")
    task = kfp_server_api.ApiListTasksResponse(tasks=[{"runId": "r"}])  # JSON names work too
    assert task.tasks[0].run_id == "r"
    with pytest.raises(ApiValueError, match="ApiResourceKey.type"):
        kfp_server_api.ApiRun(resource_references=[{"key": {"type": "NOPE"}}])


def test_to_jsonable_is_strict_about_values_set_after_construction():
    run = kfp_server_api.ApiRun(name="ok")
    run.storage_state = "ARCHIVED-ISH"
    with pytest.raises(ApiValueError, match="ApiRun.storage_state"):
        to_jsonable(run)
    run.storage_state = None
    run.name = 12
    with pytest.raises(ApiTypeError, match="ApiRun.name"):
        to_jsonable(run)
    run.name = "ok"
    key = kfp_server_api.ApiResourceKey(id="e")
    key.id = 3
    run.resource_references = [kfp_server_api.ApiResourceReference(key=key)]
    with pytest.raises(ApiTypeError, match="ApiResourceKey.id"):
        to_jsonable(run)
    with pytest.raises(ApiTypeError):
        to_jsonable({"a": object()})
    assert to_jsonable((1, "a", None, {"k": b"\x00"})) == [1, "a", None, {"k": "AA=="}]


# --------------------------------------------------------------------------------------------
# Rendering


def test_repr_is_short_and_truncates_long_strings():
    run = kfp_server_api.ApiRun.from_json(REALISTIC_RUN)
    manifest = run.pipeline_spec.workflow_manifest
    text = repr(run)
    assert manifest not in text
    assert f"...({len(manifest)} chars)" in text
    assert "error=" not in text  # unset fields are left out
    assert repr(kfp_server_api.ApiParameter(name="a")) == "ApiParameter(name='a')"


def test_html_rendering_of_models_and_list_responses():
    run = kfp_server_api.ApiRun.from_json(REALISTIC_RUN)
    page = run._repr_html_()
    assert "<details>" in page and "ApiPipelineSpec" in page  # long string folded, nested model nested
    assert "<script" not in kfp_server_api.ApiRun(name="<script>alert(1)</script>")._repr_html_()
    status = decode("ApiStatus", {"error": "e", "details": [{"@type": "t", "error_message": "boom"}]})
    assert "boom" in status._repr_html_() and "unknown fields" in status._repr_html_()
    resp = decode("ApiListRunsResponse", {"runs": [REALISTIC_RUN, {"id": "b", "name": "second"}],
                                          "total_size": 2, "next_page_token": "tok"})
    table = resp._repr_html_()
    assert table.count("<tr class='kfp-item'>") == 2  # one row per run
    assert "<th>pipeline_spec</th>" in table and "<th>created_at</th>" in table  # columns = set fields
    assert "total_size=2" in table and "next_page_token=&#x27;tok&#x27;" in table


# --------------------------------------------------------------------------------------------
# Fuzz: whatever JSON arrives, decoding gives a model or a DecodeError, never a crash.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
    | st.sampled_from(["NaN", "Infinity", "2023-01-01T00:00:00Z", "EXPERIMENT", "12", "AAEC", "1e999"])
    | st.integers(min_value=10**18, max_value=10**400),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)


def mutated_payload(name):
    """A realistic payload of a model with some fields replaced by arbitrary JSON."""
    base = sample_payload(name) if name not in WELL_KNOWN else {}
    keys = sorted(model_class(name).attribute_map.values()) or ["x"]
    return st.fixed_dictionaries({}, optional={k: JSON_VALUES for k in keys}).map(lambda extra: {**base, **extra}) \
        if isinstance(base, dict) else JSON_VALUES


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_decoding_arbitrary_json_gives_a_model_or_decode_error(data):
    name = data.draw(st.sampled_from(MODEL_NAMES))
    payload = data.draw(st.one_of(JSON_VALUES, mutated_payload(name)))
    cls = model_class(name)
    try:
        obj = cls.from_json(payload)
    except DecodeError as e:
        assert str(e).startswith(name)
        return
    assert isinstance(obj, cls)
    # what was accepted can be written back (unknown enum values included)
    json.dumps(obj.to_json(), allow_nan=False) if name not in ("ProtobufValue", "ProtobufStruct", "ProtobufListValue") else None
