"""The control API of the stub (outside ``/apis/``, never behind the token).

``POST /_stub/reset``, ``POST /_stub/runs/{run_id}/status`` (``{"status": "Failed"}``),
``PUT /_stub/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}`` (raw bytes),
``POST /_stub/clock/advance`` (``{"seconds": N}``), ``GET /_stub/clock``, and (an addition)
``POST /_stub/clock/freeze`` (``{"frozen": true|false}``: stop/restart the real-time part).
"""
from typing import TYPE_CHECKING, Any, Callable, Dict, List

from . import jsonpb
from .routes import Handler, Route

if TYPE_CHECKING:
    from .backend import Backend
    from .wsgi import Request

CONTROL_ROUTES: List[Route] = []


def control(method: str, path: str, name: str) -> Callable[[Handler], Handler]:
    """Register a control route."""

    def register(fn: Handler) -> Handler:
        """Add ``fn`` to the control routes."""
        CONTROL_ROUTES.append(Route(method, path, name, fn))
        return fn

    return register


@control("POST", "/_stub/reset", "Reset")
def _reset(b: "Backend", r: "Request") -> Dict[str, Any]:
    b.reset()
    return {}


@control("POST", "/_stub/runs/{run_id}/status", "SetRunStatus")
def _set_status(b: "Backend", r: "Request") -> Dict[str, Any]:
    body = r.json()
    return b.set_run_status(r.params["run_id"], jsonpb.string(body, "status"))


@control("PUT", "/_stub/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}", "PutArtifact")
def _put_artifact(b: "Backend", r: "Request") -> Dict[str, Any]:
    p = r.params
    return b.put_artifact(p["run_id"], p["node_id"], p["artifact_name"], r.body())


@control("POST", "/_stub/clock/advance", "AdvanceClock")
def _advance(b: "Backend", r: "Request") -> Dict[str, Any]:
    body = r.json()
    seconds = jsonpb.get(body, "seconds")
    if seconds is None:
        raise jsonpb.bad_request('missing "seconds": expected {"seconds": N} with N >= 0')
    if isinstance(seconds, str):
        try:
            seconds = float(seconds)
        except ValueError:
            raise jsonpb.bad_request(f"seconds must be a number, got {seconds!r}") from None
    b.advance_clock(seconds)
    return {"now": jsonpb.ts(b.now())}


@control("POST", "/_stub/clock/freeze", "FreezeClock")
def _freeze(b: "Backend", r: "Request") -> Dict[str, Any]:
    body = r.json()
    b.clock.freeze(jsonpb.boolean(body, "frozen") if "frozen" in body else True)
    return {"now": jsonpb.ts(b.now()), "frozen": b.clock.frozen}


@control("GET", "/_stub/clock", "GetClock")
def _clock(b: "Backend", r: "Request") -> Dict[str, Any]:
    return {"now": jsonpb.ts(b.now())}
