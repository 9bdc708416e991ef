"""The stub's schedule engine: job trigger validation and the times a job is due to start a run.

Cron expressions follow robfig/cron **v1.2.0** ``cron.Parse``, as the real KFP API server
(2.0.0-beta.0) validates them: 5 or 6 space-separated fields whose FIRST field is seconds
(``sec min hour dom month [dow]``; a missing day-of-week means ``*``), with ranges ``a-b``,
steps ``/n`` (``a/n`` means ``a-max/n``), lists ``a,b``, ``*`` or ``?``, case-insensitive month
and weekday names, and the descriptors ``@yearly``/``@annually``, ``@monthly``, ``@weekly``,
``@daily``/``@midnight``, ``@hourly`` and ``@every <Go duration>``. As in robfig/cron, when
either day field is ``*``/``?`` a day must match both fields, otherwise either one. All times
are UTC.

Due times (:func:`due_times`):

* the anchor is ``start_time`` when the trigger has one (even in the past: the job then
  catches up from there), else the job's ``created_at``;
* periodic schedules (and ``@every``, treated as a period of its rounded duration) fire at
  ``anchor + k * interval`` with k >= 1: like the ScheduledWorkflow controller, the first run
  comes one interval AFTER the anchor, never at it;
* cron schedules fire at the cron's times strictly after the anchor (the first run is the next
  fire time after the start);
* only times after ``max(last_scheduled, anchor)`` and up to ``now`` count, and none after
  ``end_time``.
"""
import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Any, FrozenSet, List, Optional, Tuple, Union

from .errors import StubError
from .listing import go_quote, parse_rfc3339

__all__ = ["validate_trigger", "due_times", "parse_cron", "CronSpec", "EverySpec", "CronError"]

_CRON_ERROR = "Schedule cron is not a supported format(https://godoc.org/github.com/robfig/cron). Error: "

#: (min, max, names) of the six fields, as robfig/cron's bounds.
_MONTH_NAMES = {name: i + 1 for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_DOW_NAMES = {name: i for i, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_BOUNDS = (
    (0, 59, None),
    (0, 59, None),
    (0, 23, None),
    (1, 31, None),
    (1, 12, _MONTH_NAMES),
    (0, 6, _DOW_NAMES),
)
#: Go's ``time.ParseDuration`` units, in nanoseconds.
_UNITS = {"ns": 1, "us": 10**3, "\u00b5s": 10**3, "\u03bcs": 10**3, "ms": 10**6, "s": 10**9,
          "m": 60 * 10**9, "h": 3600 * 10**9}
#: robfig/cron gives up looking for a next time this many years ahead.
_YEAR_LIMIT = 5


class CronError(ValueError):
    """A cron expression that robfig/cron v1.2.0 rejects; the text is the parser's message."""


@dataclass(frozen=True)
class CronSpec:
    """A parsed field-based cron expression (sets of allowed values per field)."""

    seconds: FrozenSet[int]
    minutes: FrozenSet[int]
    hours: FrozenSet[int]
    dom: FrozenSet[int]
    months: FrozenSet[int]
    dow: FrozenSet[int]
    #: Whether the day-of-month / day-of-week field was ``*`` or ``?`` (robfig's star bit).
    dom_star: bool
    dow_star: bool

    def _day_matches(self, day: datetime.date) -> bool:
        dom_match = day.day in self.dom
        dow_match = (day.weekday() + 1) % 7 in self.dow  # Go counts weekdays from Sunday = 0
        if self.dom_star or self.dow_star:
            return dom_match and dow_match
        return dom_match or dow_match

    def next_after(self, when: int) -> Optional[int]:
        """The first time strictly after ``when`` (Unix seconds), or None within 5 years."""
        try:
            return self._next_after(when)
        except (OverflowError, ValueError):  # beyond datetime's years 1..9999: never
            return None

    def _next_after(self, when: int) -> Optional[int]:
        if not (self.seconds and self.minutes and self.hours and self.months):
            return None  # e.g. a field of only commas: accepted by robfig, never fires
        t = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=when + 1)
        limit = t.year + _YEAR_LIMIT
        while t.year <= limit:
            if t.month not in self.months:
                later = [m for m in self.months if m > t.month]
                t = datetime.datetime(t.year, later[0], 1) if later else datetime.datetime(t.year + 1, 1, 1)
            elif not self._day_matches(t.date()):
                t = datetime.datetime(t.year, t.month, t.day) + datetime.timedelta(days=1)
            elif t.hour not in self.hours:
                hour = _after(self.hours, t.hour)
                t = t.replace(minute=0, second=0)
                t = t.replace(hour=hour) if hour is not None else t.replace(hour=0) + datetime.timedelta(days=1)
            elif t.minute not in self.minutes:
                minute = _after(self.minutes, t.minute)
                t = t.replace(second=0)
                t = t.replace(minute=minute) if minute is not None else t.replace(minute=0) + _HOUR
            elif t.second not in self.seconds:
                second = _after(self.seconds, t.second)
                t = t.replace(second=second) if second is not None else t.replace(second=0) + _MINUTE
            else:
                return calendar.timegm(t.timetuple())
        return None


_HOUR = datetime.timedelta(hours=1)
_MINUTE = datetime.timedelta(minutes=1)


def _after(allowed: FrozenSet[int], current: int) -> Optional[int]:
    """The smallest allowed value above ``current`` (None: carry into the coarser unit)."""
    later = [v for v in allowed if v > current]
    return min(later) if later else None


@dataclass(frozen=True)
class EverySpec:
    """``@every <duration>``: a constant period, rounded down to whole seconds, at least 1 s."""

    seconds: int


def _atoi(text: str) -> int:
    """robfig's ``mustParseInt``: Go ``strconv.Atoi``, negatives refused."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise CronError(f"Failed to parse int from {text}: strconv.Atoi: parsing {go_quote(text)}: invalid syntax")
    number = int(text)
    if not -(2**63) <= number < 2**63:
        raise CronError(f"Failed to parse int from {text}: strconv.Atoi: parsing {go_quote(text)}: value out of range")
    if number < 0:
        raise CronError(f"Negative number ({number}) not allowed: {text}")
    return number


def _range(expr: str, low: int, high: int, names: Optional[dict]) -> Tuple[set, bool]:
    """One comma-separated part of a field: the values it allows and whether it is a star."""
    range_and_step = expr.split("/")
    low_high = range_and_step[0].split("-")
    star = low_high[0] in ("*", "?")

    def value(text: str) -> int:
        if names and text.lower() in names:
            return names[text.lower()]
        return _atoi(text)

    if star:
        start, end = low, high
    else:
        start = value(low_high[0])
        if len(low_high) == 1:
            end = start
        elif len(low_high) == 2:
            end = value(low_high[1])
        else:
            raise CronError(f"Too many hyphens: {expr}")
    if len(range_and_step) == 1:
        step = 1
    elif len(range_and_step) == 2:
        step = _atoi(range_and_step[1])
        if len(low_high) == 1:
            end = high  # "N/step" means "N-max/step"
    else:
        raise CronError(f"Too many slashes: {expr}")
    if start < low:
        raise CronError(f"Beginning of range ({start}) below minimum ({low}): {expr}")
    if end > high:
        raise CronError(f"End of range ({end}) above maximum ({high}): {expr}")
    if start > end:
        raise CronError(f"Beginning of range ({start}) beyond end of range ({end}): {expr}")
    if step == 0:
        raise CronError(f"Step of range should be a positive number: {expr}")
    return set(range(start, end + 1, step)), star


def _field(text: str, bounds: Tuple[int, int, Optional[dict]]) -> Tuple[FrozenSet[int], bool]:
    values: set = set()
    star = False
    for part in (p for p in text.split(",") if p):
        allowed, part_star = _range(part, *bounds)
        values |= allowed
        star = star or part_star
    return frozenset(values), star


#: One ``<number><unit>`` of a Go duration; the unit is whatever follows up to the next number.
_DURATION_PART = re.compile(r"(?P<whole>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?P<unit>[^0-9.]*)")


def _go_duration_ns(text: str) -> int:
    """Go ``time.ParseDuration`` of ``text``, in nanoseconds."""
    quoted = go_quote(text)
    body = text
    negative = body[:1] == "-"
    if body[:1] in ("+", "-"):
        body = body[1:]
    if body == "0":
        return 0
    if not body:
        raise CronError(f"time: invalid duration {quoted}")
    total = 0
    while body:
        m = _DURATION_PART.match(body)
        if m is None or not (m.group("whole") or m.group("frac")):
            raise CronError(f"time: invalid duration {quoted}")
        whole, frac, unit = m.group("whole"), m.group("frac"), m.group("unit")
        body = body[m.end():]
        if not unit:
            raise CronError(f"time: missing unit in duration {quoted}")
        if unit not in _UNITS:
            raise CronError(f"time: unknown unit {go_quote(unit)} in duration {quoted}")
        scale = _UNITS[unit]
        total += int(whole or 0) * scale + (int(frac) * scale // 10 ** len(frac) if frac else 0)
        if total > 2**63 - 1:
            raise CronError(f"time: invalid duration {quoted}")
    return -total if negative else total


def parse_cron(spec: Any) -> Union[CronSpec, EverySpec]:
    """Parse ``spec`` like robfig/cron v1.2.0 ``cron.Parse``: a :class:`CronSpec` or :class:`EverySpec`.

    Raises :class:`CronError` with the parser's message.
    """
    if not isinstance(spec, str):
        raise CronError(f"cron must be a string, got {spec!r}")
    if not spec:
        raise CronError("Empty spec string")
    if spec[0] == "@":
        return _descriptor(spec)
    fields = spec.split()
    if not 5 <= len(fields) <= 6:
        raise CronError(f"Expected 5 to 6 fields, found {len(fields)}: {spec}")
    if len(fields) == 5:
        fields.append("*")
    parsed = [_field(text, bounds) for text, bounds in zip(fields, _BOUNDS)]
    (sec, _), (minute, _), (hour, _), (dom, dom_star), (month, _), (dow, dow_star) = parsed
    return CronSpec(sec, minute, hour, dom, month, dow, dom_star, dow_star)


#: Descriptor -> the fields (0 = seconds ... 5 = day of week) that allow every value; the
#: other fields allow only their minimum (robfig/cron ``parseDescriptor``).
_DESCRIPTORS = {
    "@yearly": {5}, "@annually": {5}, "@monthly": {4, 5}, "@weekly": {3, 4},
    "@daily": {3, 4, 5}, "@midnight": {3, 4, 5}, "@hourly": {2, 3, 4, 5},
}


def _descriptor(spec: str) -> Union[CronSpec, EverySpec]:
    if spec in _DESCRIPTORS:
        every = _DESCRIPTORS[spec]
        sets = [frozenset(range(low, high + 1)) if i in every else frozenset({low})
                for i, (low, high, _) in enumerate(_BOUNDS)]
        return CronSpec(sets[0], sets[1], sets[2], sets[3], sets[4], sets[5], dom_star=3 in every,
                        dow_star=5 in every)
    if spec.startswith("@every "):
        try:
            nanos = _go_duration_ns(spec[len("@every "):])
        except CronError as exc:
            raise CronError(f"Failed to parse duration {spec}: {exc}") from None
        # robfig: below one second becomes one second, then whole seconds only.
        return EverySpec(max(nanos, 10**9) // 10**9)
    raise CronError(f"Unrecognized descriptor: {spec}")


# --------------------------------------------------------------------------------------------
# triggers


def _member(doc: dict, name: str) -> Any:
    """A field of a decoded JSON message by proto name or lowerCamelCase name (null = unset)."""
    value = doc.get(name)
    if value is None:
        head, *rest = name.split("_")
        value = doc.get(head + "".join(p.capitalize() for p in rest))
    return value


def _schedule(trigger: dict) -> Tuple[str, dict]:
    """``("periodic"|"cron"|"", schedule)``; periodic wins when both are sent (last oneof member)."""
    for kind in ("periodic", "cron"):
        schedule = _member(trigger, f"{kind}_schedule")
        if schedule is not None:
            if not isinstance(schedule, dict):
                raise StubError.invalid_input(f"trigger.{kind}_schedule must be an object")
            return kind, schedule
    return "", {}


def _interval(schedule: dict) -> int:
    raw = _member(schedule, "interval_second")
    if raw is None:
        value = 0
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"-?[0-9]+", raw):
        value = int(raw)
    else:
        raise StubError.invalid_input(f"interval_second must be an int64, got {raw!r}")
    if value < 1:
        raise StubError.invalid_input(
            f"Found invalid period schedule interval {value}. Set at interval to least 1 second"
        )
    return value


def _time(schedule: dict, name: str) -> Optional[int]:
    raw = _member(schedule, name)
    if raw is None:
        return None
    try:
        return parse_rfc3339(raw)
    except ValueError as exc:
        raise StubError.invalid_input(f"trigger {name}: {exc}") from None


def _cron(schedule: dict) -> Union[CronSpec, EverySpec]:
    try:
        return parse_cron(_member(schedule, "cron") or "")
    except CronError as exc:
        raise StubError.invalid_input(_CRON_ERROR + str(exc)) from None


def validate_trigger(trigger: Optional[dict]) -> None:
    """Raise a 400 :class:`StubError` for a trigger the real server rejects (note 9.1).

    ``trigger`` is the decoded JSON of ``apiTrigger`` (proto or camelCase keys) or None.
    """
    if trigger is None:
        return
    if not isinstance(trigger, dict):
        raise StubError.invalid_input("trigger must be an object")
    kind, schedule = _schedule(trigger)
    if kind == "cron":
        _cron(schedule)
    elif kind == "periodic":
        _interval(schedule)
    if kind:
        _time(schedule, "start_time")
        _time(schedule, "end_time")


def due_times(trigger: dict, *, created_at: int, last_scheduled: Optional[int], now: int, no_catchup: bool,
              limit: int = 100) -> List[int]:
    """The times (Unix seconds, ascending) at which the job should have started a run by ``now``.

    Times strictly after ``max(last_scheduled, anchor)`` (the anchor is ``start_time``, else
    ``created_at``; ``last_scheduled`` is None before the first run), not after ``end_time``
    and not after ``now`` count; at most ``limit`` of them (the earliest), or only the latest
    one with ``no_catchup``. A trigger without a schedule is never due. ``trigger`` must have
    passed :func:`validate_trigger`.
    """
    if not trigger or limit < 1:
        return []
    kind, schedule = _schedule(trigger)
    if not kind:
        return []
    start = _time(schedule, "start_time")
    end = _time(schedule, "end_time")
    anchor = start if start is not None else created_at
    # Inclusive lower bound of the due window: never at the anchor itself, never at or before
    # the last run.
    low = (anchor if last_scheduled is None else max(last_scheduled, anchor)) + 1
    high = now if end is None else min(now, end)
    if high < low:
        return []
    if kind == "periodic":
        return _grid(anchor, _interval(schedule), low, high, no_catchup, limit)
    cron = _cron(schedule)
    if isinstance(cron, EverySpec):
        return _grid(anchor, cron.seconds, low, high, no_catchup, limit)
    return _cron_times(cron, low, high, no_catchup, limit)


def _grid(anchor: int, period: int, low: int, high: int, no_catchup: bool, limit: int) -> List[int]:
    """``anchor + k*period`` within ``[low, high]`` (``low > anchor``, so k >= 1)."""
    first_k = max(0, -(-(low - anchor) // period))
    last_k = (high - anchor) // period
    if last_k < first_k:
        return []
    if no_catchup:
        return [anchor + last_k * period]
    return [anchor + k * period for k in range(first_k, min(last_k, first_k + limit - 1) + 1)]


def _cron_times(cron: CronSpec, low: int, high: int, no_catchup: bool, limit: int) -> List[int]:
    if not no_catchup:
        times: List[int] = []
        t = cron.next_after(low - 1)
        while t is not None and t <= high and len(times) < limit:
            times.append(t)
            t = cron.next_after(t)
        return times
    # Only the latest time is wanted: binary search for the last x in [low, high] from which a
    # time <= high still follows (that x is the time), instead of walking every missed time.

    def fires_from(x: int) -> bool:
        t = cron.next_after(x - 1)
        return t is not None and t <= high

    if not fires_from(low):
        return []
    lo, hi = low, high
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fires_from(mid):
            lo = mid
        else:
            hi = mid - 1
    return [lo]
