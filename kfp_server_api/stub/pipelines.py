"""Pipelines (work in progress)."""


class PipelinesMixin:
    """Pipelines operations of :class:`~kfp_server_api.stub.backend.Backend`."""
