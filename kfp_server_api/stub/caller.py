"""Who is calling the stub (multi-user identity), shared by the backend modules."""
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Caller:
    """The multi-user identity of a request (``kubeflow-userid`` header), if any."""

    user: Optional[str] = None


#: The caller of in-process calls and of single-user requests.
ANONYMOUS = Caller()
