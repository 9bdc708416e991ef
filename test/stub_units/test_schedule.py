"""Unit tests of the stub's schedule engine (``kfp_server_api.stub.schedule``)."""
import calendar
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kfp_server_api.stub.errors import StubError
from kfp_server_api.stub.schedule import CronError, EverySpec, due_times, parse_cron, validate_trigger

CRON_PREFIX = "Schedule cron is not a supported format(https://godoc.org/github.com/robfig/cron). Error: "


def ts(text):
    return calendar.timegm(datetime.datetime.fromisoformat(text).timetuple())


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def next_times(expr, after, n=3):
    spec = parse_cron(expr)
    out, t = [], ts(after)
    for _ in range(n):
        t = spec.next_after(t) if t is not None else None
        out.append(iso(t) if t is not None else None)
    return out


# 2024-01-03 is a Wednesday.
NEXT = [
    # The first field is seconds: a Unix-style 5-field string means "second 0 of minute 0, every hour".
    ("0 0 * * *", ["2024-01-03T11:00:00", "2024-01-03T12:00:00", "2024-01-03T13:00:00"]),
    ("0 0 2 * * *", ["2024-01-04T02:00:00", "2024-01-05T02:00:00", "2024-01-06T02:00:00"]),
    ("*/15 * * * * *", ["2024-01-03T10:07:15", "2024-01-03T10:07:30", "2024-01-03T10:07:45"]),
    ("10/20 * * * * ?", ["2024-01-03T10:07:10", "2024-01-03T10:07:30", "2024-01-03T10:07:50"]),
    ("0 5,35 * * * *", ["2024-01-03T10:35:00", "2024-01-03T11:05:00", "2024-01-03T11:35:00"]),
    ("0 0 9-11/2 * * *", ["2024-01-03T11:00:00", "2024-01-04T09:00:00", "2024-01-04T11:00:00"]),
    ("0 30 9 * * mon-fri", ["2024-01-04T09:30:00", "2024-01-05T09:30:00", "2024-01-08T09:30:00"]),
    ("0 30 9 * * SAT,Sun", ["2024-01-06T09:30:00", "2024-01-07T09:30:00", "2024-01-13T09:30:00"]),
    ("0 0 0 1 FEB-Mar *", ["2024-02-01T00:00:00", "2024-03-01T00:00:00", "2025-02-01T00:00:00"]),
    ("0 0 0 29 2 *", ["2024-02-29T00:00:00", "2028-02-29T00:00:00", "2032-02-29T00:00:00"]),
    # Both day fields restricted: either may match (1st of the month OR a Monday).
    ("0 0 0 1 * 1", ["2024-01-08T00:00:00", "2024-01-15T00:00:00", "2024-01-22T00:00:00"]),
    ("0 0 0 1,31 1-2 1", ["2024-01-08T00:00:00", "2024-01-15T00:00:00", "2024-01-22T00:00:00"]),
    ("0 0 0 13 * 5", ["2024-01-05T00:00:00", "2024-01-12T00:00:00", "2024-01-13T00:00:00"]),
    # One day field is a star: both must match (a star step counts as a star in v1.2.0).
    ("0 0 0 13 * */5", ["2024-09-13T00:00:00", "2024-10-13T00:00:00", "2024-12-13T00:00:00"]),
    ("0 0 0 */10 * 0", ["2024-01-21T00:00:00", "2024-02-11T00:00:00", "2024-03-31T00:00:00"]),
    ("0 0 0 ? * 0", ["2024-01-07T00:00:00", "2024-01-14T00:00:00", "2024-01-21T00:00:00"]),
    ("@yearly", ["2025-01-01T00:00:00", "2026-01-01T00:00:00", "2027-01-01T00:00:00"]),
    ("@annually", ["2025-01-01T00:00:00", "2026-01-01T00:00:00", "2027-01-01T00:00:00"]),
    ("@monthly", ["2024-02-01T00:00:00", "2024-03-01T00:00:00", "2024-04-01T00:00:00"]),
    ("@weekly", ["2024-01-07T00:00:00", "2024-01-14T00:00:00", "2024-01-21T00:00:00"]),
    ("@daily", ["2024-01-04T00:00:00", "2024-01-05T00:00:00", "2024-01-06T00:00:00"]),
    ("@midnight", ["2024-01-04T00:00:00", "2024-01-05T00:00:00", "2024-01-06T00:00:00"]),
    ("@hourly", ["2024-01-03T11:00:00", "2024-01-03T12:00:00", "2024-01-03T13:00:00"]),
    ("59 59 23 31 12 *", ["2024-12-31T23:59:59", "2025-12-31T23:59:59", "2026-12-31T23:59:59"]),
    ("  0   0\t3 * *  ", ["2024-01-04T03:00:00", "2024-01-05T03:00:00", "2024-01-06T03:00:00"]),
    # Never happens: robfig gives up after five years.
    ("0 0 0 30 2 *", [None, None, None]),
    (", * * * * *", [None, None, None]),
    ("0 0 0 , * *", [None, None, None]),
]


@pytest.mark.parametrize("expr, expected", NEXT)
def test_cron_next_times(expr, expected):
    assert next_times(expr, "2024-01-03T10:07:05") == expected


def test_next_time_is_strictly_after():
    assert next_times("0 0 * * * *", "2024-01-03T10:00:00", 1) == ["2024-01-03T11:00:00"]


@pytest.mark.parametrize("expr, seconds", [
    ("@every 1h30m", 5400), ("@every 90s", 90), ("@every 1.5m", 90), ("@every 2h45m30.9s", 9930),
    ("@every 500ms", 1), ("@every 0", 1), ("@every -5m", 1), ("@every 1000000us", 1), ("@every 1h0m0s", 3600),
])
def test_every_durations(expr, seconds):
    assert parse_cron(expr) == EverySpec(seconds)


@pytest.mark.parametrize("expr, reason", [
    ("", "Empty spec string"),
    (" ", "Expected 5 to 6 fields, found 0:  "),
    ("0 0 * *", "Expected 5 to 6 fields, found 4: 0 0 * *"),
    ("0 0 0 * * * *", "Expected 5 to 6 fields, found 7: 0 0 0 * * * *"),
    ("60 * * * *", "End of range (60) above maximum (59): 60"),
    ("0 0 24 * * *", "End of range (24) above maximum (23): 24"),
    ("0 0 0 0 * *", "Beginning of range (0) below minimum (1): 0"),
    ("0 0 0 * 13 *", "End of range (13) above maximum (12): 13"),
    ("0 0 0 * * 7", "End of range (7) above maximum (6): 7"),
    ("5-1 * * * *", "Beginning of range (5) beyond end of range (1): 5-1"),
    ("*/0 * * * *", "Step of range should be a positive number: */0"),
    ("1-2-3 * * * *", "Too many hyphens: 1-2-3"),
    ("1/2/3 * * * *", "Too many slashes: 1/2/3"),
    ("a * * * *", 'Failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'),
    ("-1 * * * *", 'Failed to parse int from : strconv.Atoi: parsing "": invalid syntax'),
    ("0 0 0 * * funday", 'Failed to parse int from funday: strconv.Atoi: parsing "funday": invalid syntax'),
    ("0 0 0 * jan-foo *", 'Failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'),
    ("@foo", "Unrecognized descriptor: @foo"),
    ("@daily ", "Unrecognized descriptor: @daily "),
    ("@every 1", 'Failed to parse duration @every 1: time: missing unit in duration "1"'),
    ("@every 1d", 'Failed to parse duration @every 1d: time: unknown unit "d" in duration "1d"'),
    ("@every x", 'Failed to parse duration @every x: time: invalid duration "x"'),
    ("@every ", 'Failed to parse duration @every : time: invalid duration ""'),
])
def test_cron_errors(expr, reason):
    with pytest.raises(CronError) as info:
        parse_cron(expr)
    assert str(info.value) == reason
    with pytest.raises(StubError) as err:
        validate_trigger({"cron_schedule": {"cron": expr}})
    assert (err.value.http_status, err.value.external) == (400, CRON_PREFIX + reason)


@pytest.mark.parametrize("trigger", [
    None, {}, {"cron_schedule": {"cron": "0 0 0 * * *"}}, {"cronSchedule": {"cron": "@every 5m"}},
    {"periodic_schedule": {"interval_second": "3600"}}, {"periodicSchedule": {"intervalSecond": 1}},
    {"periodic_schedule": {"interval_second": 60, "start_time": "2024-01-01T00:00:00Z",
                           "end_time": "2024-02-01T00:00:00+01:00"}},
    # Both members of the oneof: the periodic one wins, as with the real server's decoder.
    {"cron_schedule": {"cron": "not a cron"}, "periodic_schedule": {"interval_second": "5"}},
])
def test_valid_triggers(trigger):
    validate_trigger(trigger)


@pytest.mark.parametrize("trigger, message", [
    ({"cron_schedule": {}}, CRON_PREFIX + "Empty spec string"),
    ({"cron_schedule": {"cron": None}}, CRON_PREFIX + "Empty spec string"),
    ({"periodic_schedule": {}}, "Found invalid period schedule interval 0. Set at interval to least 1 second"),
    ({"periodic_schedule": {"interval_second": "0"}},
     "Found invalid period schedule interval 0. Set at interval to least 1 second"),
    ({"periodic_schedule": {"interval_second": -5}},
     "Found invalid period schedule interval -5. Set at interval to least 1 second"),
    ({"periodic_schedule": {"interval_second": "1h"}}, "interval_second must be an int64, got '1h'"),
    ({"periodic_schedule": {"interval_second": True}}, "interval_second must be an int64, got True"),
    ({"cron_schedule": {"cron": 5}}, CRON_PREFIX + "cron must be a string, got 5"),
    ({"cron_schedule": "0 0 * * *"}, "trigger.cron_schedule must be an object"),
    ("daily", "trigger must be an object"),
    ({"periodic_schedule": {"interval_second": 5, "start_time": "yesterday"}},
     'trigger start_time: bad Timestamp: parsing time "yesterday" as RFC 3339'),
    ({"cron_schedule": {"cron": "@daily", "endTime": 1700000000}},
     "trigger end_time: timestamp must be an RFC 3339 string, got 1700000000"),
])
def test_invalid_triggers(trigger, message):
    with pytest.raises(StubError) as info:
        validate_trigger(trigger)
    assert (info.value.http_status, info.value.external) == (400, message)


# ------------------------------------------------------------------------------------ due times

C = ts("2024-01-01T00:00:00")


def periodic(interval, start=None, end=None):
    body = {"interval_second": str(interval)}
    if start:
        body["start_time"] = start
    if end:
        body["end_time"] = end
    return {"periodic_schedule": body}


def cron(expr, start=None, end=None):
    body = {"cron": expr}
    if start:
        body["start_time"] = start
    if end:
        body["end_time"] = end
    return {"cron_schedule": body}


def due(trigger, now, last=None, no_catchup=False, created=C, limit=100):
    return [iso(t) for t in due_times(trigger, created_at=created, last_scheduled=last, now=now,
                                      no_catchup=no_catchup, limit=limit)]


def test_periodic_first_run_is_one_interval_after_creation():
    assert due(periodic(3600), C + 7200) == ["2024-01-01T01:00:00", "2024-01-01T02:00:00"]
    assert due(periodic(3600), C + 7199) == ["2024-01-01T01:00:00"]
    assert due(periodic(3600), C) == []


def test_periodic_after_last_scheduled():
    assert due(periodic(3600), C + 3 * 3600, last=C + 3600) == ["2024-01-01T02:00:00", "2024-01-01T03:00:00"]
    assert due(periodic(3600), C + 3 * 3600, last=C + 3 * 3600) == []


def test_periodic_anchored_at_start_time():
    # start_time before creation: the job catches up from one interval after start_time.
    trig = periodic(3600, start="2023-12-31T21:30:00Z")
    assert due(trig, C + 7200) == ["2023-12-31T22:30:00", "2023-12-31T23:30:00", "2024-01-01T00:30:00",
                                   "2024-01-01T01:30:00"]
    # start_time after creation: the first run is one interval after it.
    trig = periodic(600, start="2024-01-01T01:00:00+00:00")
    assert due(trig, C + 3600 + 599) == []
    assert due(trig, C + 3600 + 1200) == ["2024-01-01T01:10:00", "2024-01-01T01:20:00"]
    # A last run before the start (cannot happen through the API) never pulls runs before it.
    assert due(trig, C + 3600 + 1200, last=C) == ["2024-01-01T01:10:00", "2024-01-01T01:20:00"]


def test_end_time_is_inclusive_and_final():
    trig = periodic(3600, end="2024-01-01T02:00:00Z")
    assert due(trig, C + 10 * 3600) == ["2024-01-01T01:00:00", "2024-01-01T02:00:00"]
    assert due(trig, C + 10 * 3600, last=C + 7200) == []
    assert due(cron("0 0 * * * *", end="2024-01-01T01:30:00Z"), C + 10 * 3600) == ["2024-01-01T01:00:00"]


def test_no_catchup_gives_only_the_latest():
    assert due(periodic(3600), C + 10 * 3600 + 5, no_catchup=True) == ["2024-01-01T10:00:00"]
    assert due(cron("0 0 * * * *"), C + 10 * 3600 + 5, no_catchup=True) == ["2024-01-01T10:00:00"]
    assert due(cron("0 0 * * * *"), C + 10 * 3600 + 5, last=C + 10 * 3600, no_catchup=True) == []
    # A frequent cron over a long gap, and a rare one: both answer the latest time directly.
    assert due(cron("* * * * * *"), C + 400 * 86400, no_catchup=True) == ["2025-02-04T00:00:00"]
    assert due(cron("@yearly"), C + 800 * 86400, last=C, no_catchup=True) == ["2026-01-01T00:00:00"]
    assert due(cron("@yearly"), C + 300 * 86400, last=C, no_catchup=True) == []


def test_limit_keeps_the_earliest():
    times = due(periodic(60), C + 86400, limit=3)
    assert times == ["2024-01-01T00:01:00", "2024-01-01T00:02:00", "2024-01-01T00:03:00"]
    assert len(due(cron("0 * * * * *"), C + 86400)) == 100
    assert due(cron("0 * * * * *"), C + 86400, limit=0) == []


def test_cron_first_run_is_the_next_fire_time_after_the_start():
    # Created exactly at a fire time: that time is not a run, the next one is.
    assert due(cron("0 0 0 * * *"), C + 2 * 86400) == ["2024-01-02T00:00:00", "2024-01-03T00:00:00"]
    assert due(cron("0 0 0 * * *"), C + 2 * 86400, created=C - 1) == ["2024-01-01T00:00:00", "2024-01-02T00:00:00",
                                                                      "2024-01-03T00:00:00"]
    assert due(cron("0 0 12 * * *", start="2024-01-02T00:00:00Z"), C + 3 * 86400) == [
        "2024-01-02T12:00:00", "2024-01-03T12:00:00"]
    assert due(cron("0 0 12 * * *", start="2024-01-02T12:00:00Z"), C + 3 * 86400) == ["2024-01-03T12:00:00"]
    # A start_time in the past catches up from the first fire time after it.
    assert due(cron("0 0 12 * * *", start="2023-12-30T00:00:00Z"), C + 3600) == [
        "2023-12-30T12:00:00", "2023-12-31T12:00:00"]


def test_every_behaves_as_a_period_from_the_anchor():
    assert due(cron("@every 1h30m"), C + 4 * 3600) == ["2024-01-01T01:30:00", "2024-01-01T03:00:00"]
    assert due(cron("@every 90s", start="2024-01-01T00:00:10Z"), C + 200, last=C + 10) == ["2024-01-01T00:01:40",
                                                                                         "2024-01-01T00:03:10"]


def test_no_schedule_is_never_due():
    assert due({}, C + 86400) == []
    assert due(None, C + 86400) == []


def test_now_before_creation_is_not_due():
    assert due(periodic(60), C - 10) == []
    assert due(cron("* * * * * *"), C - 10, no_catchup=True) == []


# ------------------------------------------------------------------------------------ property


def _matches(spec, t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    dom, dow = d.day in spec.dom, (d.weekday() + 1) % 7 in spec.dow
    day = (dom and dow) if (spec.dom_star or spec.dow_star) else (dom or dow)
    return (d.second in spec.seconds and d.minute in spec.minutes and d.hour in spec.hours
            and d.month in spec.months and day)


def _part(low, high):
    value = st.integers(low, high)
    return st.one_of(
        st.just("*"), value.map(str),
        st.tuples(value, value).map(lambda p: f"{min(p)}-{max(p)}"),
        st.tuples(value, st.integers(1, 7)).map(lambda p: f"{p[0]}/{p[1]}"),
        st.integers(1, 9).map(lambda s: f"*/{s}"),
        st.lists(value, min_size=1, max_size=3).map(lambda v: ",".join(map(str, v))),
    )


@settings(max_examples=150, deadline=None)
@given(sec=_part(0, 59), minute=_part(0, 59), hour=_part(0, 23), dom=_part(1, 31), month=_part(1, 12),
       dow=st.one_of(st.none(), _part(0, 6)), start=st.integers(ts("2020-01-01T00:00:00"), ts("2023-01-01T00:00:00")))
def test_property_next_time_is_the_first_matching_second(sec, minute, hour, dom, month, dow, start):
    expr = " ".join([sec, minute, hour, dom, month] + ([dow] if dow else []))
    spec = parse_cron(expr)
    nxt = spec.next_after(start)
    if nxt is None:
        return
    assert nxt > start and _matches(spec, nxt), expr
    # Nothing matches in between (checked second by second when the gap is short).
    if nxt - start <= 2 * 86400:
        assert not any(_matches(spec, t) for t in range(start + 1, nxt)), expr


@settings(max_examples=100, deadline=None)
@given(sec=_part(0, 59), minute=_part(0, 59), hour=_part(0, 23), dom=_part(1, 31),
       start=st.integers(ts("2020-01-01T00:00:00"), ts("2023-01-01T00:00:00")), span=st.integers(0, 3 * 86400))
def test_property_no_catchup_is_the_last_catch_up_time(sec, minute, hour, dom, start, span):
    trigger = cron(f"{sec} {minute} {hour} {dom} * *")
    every = due_times(trigger, created_at=start, last_scheduled=None, now=start + span, no_catchup=False,
                      limit=10**6)
    latest = due_times(trigger, created_at=start, last_scheduled=None, now=start + span, no_catchup=True)
    assert latest == every[-1:]
    assert every == sorted(set(every)) and all(start < t <= start + span for t in every)
