"""Runs (work in progress)."""


class RunsMixin:
    """Run operations of :class:`~kfp_server_api.stub.backend.Backend`."""

    def _progress_runs(self, conn, now):
        pass
