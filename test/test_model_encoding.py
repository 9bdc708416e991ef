"""Writing models (``to_jsonable`` / ``to_json``): the compiled encoders stay strict and exact.

The encoders inline nested models, copy JSON values (protobuf Value maps) in C with per-value
checks, and reuse the timestamp text derived at decode time. Each shortcut must give the same
JSON as the plain rules, and every value that does not fit must still raise naming the field;
the request bodies checked here are what a recording server on loopback receives.
"""
import datetime as dt
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kfp_server_api
from kfp_server_api import ApiClient, Configuration, RunServiceApi
from kfp_server_api.exceptions import ApiTypeError, ApiValueError
from kfp_server_api.model_base import decode, format_datetime, parse_datetime, to_jsonable

UTC = dt.timezone.utc

RUN = {
    "id": "r-1",
    "name": "train",
    "pipeline_spec": {
        "pipeline_id": "p-1",
        "parameters": [{"name": "lr", "value": "0.1"}],
        "runtime_config": {"parameters": {"lr": 0.1, "layers": [64, 32], "opt": {"name": "adam", "betas": [0.9]}}},
    },
    "resource_references": [{"key": {"type": "EXPERIMENT", "id": "e-1"}, "relationship": "OWNER"}],
    "created_at": "2023-03-14T08:43:41.097327825Z",
    "scheduled_at": "2023-03-14T08:43:41Z",
    "finished_at": "2023-03-14T10:00:00.5Z",
    "metrics": [{"name": "acc", "number_value": 0.9, "format": "RAW"}],
}


def run():
    return kfp_server_api.ApiRun.from_json(json.loads(json.dumps(RUN)))


# --------------------------------------------------------------------------------------------
# Timestamps


def test_decoded_timestamps_are_written_as_format_datetime_writes_them():
    out = run().to_json()
    assert out["created_at"] == "2023-03-14T08:43:41.097327Z"  # nanoseconds truncated
    assert out["scheduled_at"] == "2023-03-14T08:43:41Z"
    assert out["finished_at"] == "2023-03-14T10:00:00.500000Z"


def test_a_reassigned_timestamp_is_written_not_the_one_read():
    r = run()
    r.created_at = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    r.scheduled_at = "2024-01-02T03:04:05Z"  # wrong type set directly: still checked on writing
    r.finished_at = dt.datetime(2024, 1, 2, 5, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    out = r.to_json()
    assert out["created_at"] == "2024-01-02T03:04:05Z"
    assert out["scheduled_at"] == "2024-01-02T03:04:05Z"
    assert out["finished_at"] == "2024-01-02T05:04:05+02:00"
    r.created_at = 17
    with pytest.raises(ApiTypeError, match="ApiRun.created_at"):
        r.to_json()


def test_copies_and_pickles_write_the_same_timestamps():
    import copy
    import pickle

    r = run()
    for other in (copy.copy(r), copy.deepcopy(r), pickle.loads(pickle.dumps(r))):
        assert other.to_json() == r.to_json()


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    digits=st.integers(min_value=0, max_value=9),
    extra=st.integers(min_value=0, max_value=999),
    sep=st.sampled_from(["T", "t", " "]),
    zone=st.sampled_from(["Z", "z", "+00:00", "+02:00", "-05:30"]),
)
def test_any_timestamp_text_round_trips_to_format_datetime(when, digits, extra, sep, zone):
    frac = f"{when.microsecond:06d}{extra:03d}"[:digits]
    text = (f"{when.year:04d}-{when.month:02d}-{when.day:02d}{sep}{when.hour:02d}:{when.minute:02d}:{when.second:02d}"
            + ("." + frac if frac else "") + zone)
    parsed = parse_datetime(text)
    assert parsed is not None
    written = kfp_server_api.ApiRun.from_json({"created_at": text}).to_json()["created_at"]
    assert written == format_datetime(parsed)
    assert parse_datetime(written) == parsed


def test_constructed_timestamps_use_the_day_text_and_keep_the_rules():
    naive = dt.datetime(2023, 1, 2, 3, 4, 5)
    assert kfp_server_api.ApiRun(created_at=naive).to_json() == {"created_at": "2023-01-02T03:04:05Z"}
    out = [kfp_server_api.ApiRun(created_at=dt.datetime(2023, 1, 2, 3, 4, 5, us, tzinfo=UTC)).to_json() for us in (0, 7)]
    assert out == [{"created_at": "2023-01-02T03:04:05Z"}, {"created_at": "2023-01-02T03:04:05.000007Z"}]
    assert format_datetime(dt.datetime(999, 12, 31, 23, 59, 59, tzinfo=UTC)) == "0999-12-31T23:59:59Z"


# --------------------------------------------------------------------------------------------
# Nested models and JSON values


def test_nested_models_inline_or_not_give_the_same_json():
    r = run()
    by_dicts = kfp_server_api.ApiRun(
        pipeline_spec=r.pipeline_spec.to_dict(),
        resource_references=[ref.to_dict() for ref in r.resource_references],
    ).to_json()
    assert by_dicts["pipeline_spec"] == RUN["pipeline_spec"]
    assert by_dicts["resource_references"] == RUN["resource_references"]

    class MyKey(kfp_server_api.ApiResourceKey):
        __slots__ = ()

    r.resource_references[0].key = MyKey(type="JOB", id="j")  # a subclass takes the general path
    assert r.to_json()["resource_references"][0]["key"] == {"type": "JOB", "id": "j"}


@pytest.mark.parametrize(
    "mutate, error, where",
    [
        (lambda r: setattr(r.pipeline_spec.parameters[0], "value", 5), ApiTypeError, "ApiParameter.value"),
        (lambda r: setattr(r.resource_references[0].key, "type", "RUN"), ApiValueError, "ApiResourceKey.type"),
        (lambda r: setattr(r.metrics[0], "number_value", "high"), ApiTypeError, "ApiRunMetric.number_value"),
        (lambda r: r.metrics.append("m"), ApiTypeError, "ApiRun.metrics"),
        (lambda r: setattr(r.pipeline_spec, "runtime_config", 3), ApiTypeError, "ApiPipelineSpec.runtime_config"),
        (lambda r: r.pipeline_spec.runtime_config.parameters.update(x={1, 2}), ApiTypeError,
         "PipelineSpecRuntimeConfig.parameters"),
        (lambda r: r.pipeline_spec.runtime_config.parameters["opt"]["betas"].append(object()), ApiTypeError,
         "PipelineSpecRuntimeConfig.parameters"),
        (lambda r: r.pipeline_spec.runtime_config.parameters["opt"].update({2: "two"}), ApiTypeError,
         "PipelineSpecRuntimeConfig.parameters"),
    ],
)
def test_values_that_do_not_fit_still_raise_naming_the_field(mutate, error, where):
    r = run()
    mutate(r)
    with pytest.raises(error, match=where):
        to_jsonable([r])


def test_json_values_are_copied_and_converted():
    r = run()
    params = r.pipeline_spec.runtime_config.parameters
    params["nan"], params["when"], params["pair"] = math.nan, dt.datetime(2023, 1, 1, tzinfo=UTC), (1, 2)
    out = r.to_json()["pipeline_spec"]["runtime_config"]["parameters"]
    assert out["nan"] == "NaN" and out["when"] == "2023-01-01T00:00:00Z" and out["pair"] == [1, 2]
    out["opt"]["betas"].append(0.5)
    out["layers"].clear()
    assert params["opt"]["betas"] == [0.9] and params["layers"] == [64, 32]  # the model is untouched


# --------------------------------------------------------------------------------------------
# What a server receives


def test_the_request_body_is_the_checked_json(recording_server):
    decoded = decode("ApiRun", json.loads(json.dumps(RUN)))
    with ApiClient(Configuration(host=recording_server.url)) as client:
        RunServiceApi(client).create_run(decoded)
    body = recording_server.last.json()
    expected = json.loads(json.dumps(RUN))
    expected["created_at"] = "2023-03-14T08:43:41.097327Z"
    expected["finished_at"] = "2023-03-14T10:00:00.500000Z"
    assert body == expected
