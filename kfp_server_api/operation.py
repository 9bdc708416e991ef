"""Descriptions of API operations, shared by the generated API classes and ApiClient.

The generator (``codegen/generate.py``) turns every operation of the spec into one
:class:`Operation` value in the generated ``kfp_server_api/api/*.py`` modules; the generated
methods are thin calls of :meth:`kfp_server_api.api_client.ApiClient.call_operation`, which
owns everything that happens on the wire. Keeping the operation as data lets the request
path live in one place and keeps the generated modules small.
"""
from __future__ import annotations  # annotations stay strings: a cheaper import

from typing import Any, NamedTuple, Optional, Tuple

__all__ = ["Param", "Operation", "REQUIRED", "BaseApi"]


class _Required:
    """Default value of required parameters in generated signatures.

    Generated methods use it instead of leaving the parameter without a default so that
    omitting a required argument raises :class:`~kfp_server_api.exceptions.ApiValueError`
    (naming the parameter and the operation) before any request is sent, exactly like
    passing ``None`` or an empty string does.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "<required>"

    def __reduce__(self) -> str:
        return "REQUIRED"

    def __bool__(self) -> bool:
        return False


#: Sentinel default of required parameters (see :class:`_Required`).
REQUIRED: Any = _Required()


class Param(NamedTuple):
    """One parameter of an operation (immutable).

    A ``NamedTuple`` rather than a dataclass: importing :mod:`dataclasses` pulls in
    :mod:`inspect`, which would cost every ``import`` of an API class several milliseconds.
    """

    #: Python argument name (dots in the spec name become underscores).
    name: str
    #: Name on the wire (``resource_reference_key.type``, ``uploadfile``, ...).
    wire: str
    #: ``"path"``, ``"query"``, ``"body"`` or ``"form"``.
    location: str
    #: ``"str"``, ``"int"``, ``"bool"``, ``"file"``, or a model class name (``"ApiRun"``).
    type: str
    required: bool = False
    #: Allowed values of enum-typed parameters (empty when not an enum).
    enum: Tuple[str, ...] = ()
    #: Spec description, used for docstrings and docs.
    doc: str = ""


class Operation(NamedTuple):
    """One HTTP operation of the API, as described by the spec (immutable)."""

    #: Python method name, e.g. ``"list_runs"``.
    name: str
    #: API class that owns it, e.g. ``"RunServiceApi"``.
    api: str
    #: ``operationId`` in the spec, e.g. ``"ListRunsV1"``.
    operation_id: str
    #: HTTP method, upper case.
    method: str
    #: Path template relative to the host, e.g. ``"/apis/v1beta1/runs/{run_id}"``.
    path: str
    params: Tuple[Param, ...]
    #: Model class name of the 200 response, or ``"object"`` for an empty/untyped body.
    response_type: Optional[str]
    #: Request content types (``consumes``).
    consumes: Tuple[str, ...] = ("application/json",)
    #: Response content types (``produces``).
    produces: Tuple[str, ...] = ("application/json",)
    #: Security scheme names that apply (``("Bearer",)``).
    auth: Tuple[str, ...] = ()
    #: True for methods that may be retried after the request was sent (GET, DELETE).
    idempotent: bool = False
    #: One-line summary from the spec.
    summary: str = ""


class BaseApi:
    """Base of the generated API classes: holds the :class:`ApiClient` they call."""

    def __init__(self, api_client: Optional[Any] = None) -> None:
        if api_client is None:
            from kfp_server_api.api_client import ApiClient

            api_client = ApiClient()
        self.api_client = api_client

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={getattr(self.api_client.configuration, 'host', None)!r})"
