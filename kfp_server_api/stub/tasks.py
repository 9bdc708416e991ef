"""Tasks (work in progress)."""


class TasksMixin:
    """Tasks operations of :class:`~kfp_server_api.stub.backend.Backend`."""
