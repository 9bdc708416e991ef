"""Errors of the stub server, shaped like the real KFP API server's (gRPC gateway) errors.

Every rule violation inside the stub raises :class:`StubError`; the WSGI layer renders it as
the gateway body ``{"error", "code", "message", "details"}`` with the HTTP status that the
gateway derives from the gRPC code (see ``docs/stub-server.md``).
"""
from typing import Optional

# gRPC status codes (google.rpc.Code).
OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16

#: HTTP status for each gRPC code, as grpc-gateway v1.16 maps them.
HTTP_STATUS = {
    OK: 200,
    CANCELLED: 408,
    UNKNOWN: 500,
    INVALID_ARGUMENT: 400,
    DEADLINE_EXCEEDED: 504,
    NOT_FOUND: 404,
    ALREADY_EXISTS: 409,
    PERMISSION_DENIED: 403,
    FAILED_PRECONDITION: 400,
    ABORTED: 409,
    OUT_OF_RANGE: 400,
    UNIMPLEMENTED: 501,
    INTERNAL: 500,
    UNAVAILABLE: 503,
    DATA_LOSS: 500,
    UNAUTHENTICATED: 401,
}


class StubError(Exception):
    """A request failed with a gRPC status.

    ``message`` is the full chain (``error``/``message`` of the body), ``external`` the short
    message of ``details[0]`` (``None`` means: no ``details`` key, as for gateway-level
    parse errors). ``http_status`` overrides the status derived from ``code`` (used by the
    upload routes, whose errors are not gateway-shaped; see ``style``).
    ``style`` is ``"grpc"`` for the gateway body or ``"upload"`` for the
    ``{"error_message", "error_details"}`` body of the upload handlers.
    """

    def __init__(
        self,
        code: int,
        message: str,
        external: Optional[str] = "",
        *,
        http_status: Optional[int] = None,
        style: str = "grpc",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.external = message if external == "" else external
        self.http_status = http_status if http_status is not None else HTTP_STATUS.get(code, 500)
        self.style = style

    def wrap(self, prefix: str) -> "StubError":
        """Prefix the chain the way ``util.Wrap`` does in the real server, keeping the code."""
        self.message = f"{prefix}: {self.message}"
        return self

    # Constructors mirroring common/util/error.go of the real server. ``msg`` is the external
    # message; the chain gets the constructor's prefix.
    @classmethod
    def invalid_input(cls, msg: str) -> "StubError":
        return cls(INVALID_ARGUMENT, f"Invalid input error: {msg}", msg)

    @classmethod
    def not_found(cls, resource: str, rid: str) -> "StubError":
        ext = f"{resource} {rid} not found"
        return cls(NOT_FOUND, f"ResourceNotFoundError: {ext}", ext)

    @classmethod
    def already_exists(cls, msg: str) -> "StubError":
        return cls(ALREADY_EXISTS, f"Already exist error: {msg}", msg)

    @classmethod
    def bad_request(cls, msg: str, cause: str) -> "StubError":
        """``NewBadRequestError``: gRPC Aborted, HTTP 409."""
        return cls(ABORTED, f"BadRequestError: {msg}: {cause}", msg)

    @classmethod
    def failed_precondition(cls, msg: str, cause: str) -> "StubError":
        return cls(FAILED_PRECONDITION, f"FailedPreconditionError: {msg}: {cause}", msg)

    @classmethod
    def internal(cls, msg: str, cause: str) -> "StubError":
        """``NewInternalServerError``: the details message is always ``Internal Server Error``."""
        return cls(INTERNAL, f"InternalServerError: {msg}: {cause}", "Internal Server Error")

    @classmethod
    def unauthenticated(cls, msg: str, cause: str) -> "StubError":
        return cls(UNAUTHENTICATED, f"Unauthenticated: {msg}: {cause}", msg)

    @classmethod
    def permission_denied(cls, msg: str, cause: str) -> "StubError":
        return cls(PERMISSION_DENIED, f"PermissionDenied: {msg}: {cause}", msg)

    @classmethod
    def unimplemented(cls, msg: str) -> "StubError":
        return cls(UNIMPLEMENTED, msg, msg)
