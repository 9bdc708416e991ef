# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiTrigger: the ``apiTrigger`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, Optional, Union

    from kfp_server_api.models.api_cron_schedule import ApiCronSchedule
    from kfp_server_api.models.api_periodic_schedule import ApiPeriodicSchedule

__all__ = ["ApiTrigger"]


class ApiTrigger(Model):
    """Trigger defines what starts a pipeline run.

    :ivar cron_schedule: (no description in the spec) (ApiCronSchedule)
    :ivar periodic_schedule: (no description in the spec) (ApiPeriodicSchedule)
    """

    __slots__ = ("cron_schedule", "periodic_schedule")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    cron_schedule: Optional[ApiCronSchedule]
    periodic_schedule: Optional[ApiPeriodicSchedule]

    openapi_types = {
        "cron_schedule": "ApiCronSchedule",
        "periodic_schedule": "ApiPeriodicSchedule",
    }
    attribute_map = {
        "cron_schedule": "cron_schedule",
        "periodic_schedule": "periodic_schedule",
    }
    _wire_types = {
        "cron_schedule": "model:ApiCronSchedule",
        "periodic_schedule": "model:ApiPeriodicSchedule",
    }

    def __init__(
        self,
        cron_schedule: Optional[Union[ApiCronSchedule, Dict[str, Any]]] = None,
        periodic_schedule: Optional[Union[ApiPeriodicSchedule, Dict[str, Any]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiTrigger``; every field is optional (see the class docstring)."""
        self._init((cron_schedule, periodic_schedule), kwargs)
