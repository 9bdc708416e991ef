"""Jobs (work in progress)."""


class JobsMixin:
    """Job operations of :class:`~kfp_server_api.stub.backend.Backend`."""

    def _fire_jobs(self, conn, now):
        pass

    def _next_job_time(self, conn, now, target):
        return None
