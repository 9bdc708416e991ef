# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiCronSchedule: the ``apiCronSchedule`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from datetime import datetime
    from typing import Any, Optional, Union

__all__ = ["ApiCronSchedule"]


class ApiCronSchedule(Model):
    """CronSchedule allow scheduling the job with unix-like cron

    :ivar start_time: The start time of the cron job (datetime; RFC 3339 timestamp on the wire)
    :ivar end_time: The end time of the cron job (datetime; RFC 3339 timestamp on the wire)
    :ivar cron: The cron string. For details how to compose a cron, visit ttps://en.wikipedia.org/wiki/Cron (str)
    """

    __slots__ = ("start_time", "end_time", "cron")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    start_time: Optional[datetime]
    end_time: Optional[datetime]
    cron: Optional[str]

    openapi_types = {
        "start_time": "datetime",
        "end_time": "datetime",
        "cron": "str",
    }
    attribute_map = {
        "start_time": "start_time",
        "end_time": "end_time",
        "cron": "cron",
    }
    _wire_types = {
        "start_time": "datetime",
        "end_time": "datetime",
        "cron": "str",
    }

    def __init__(
        self,
        start_time: Optional[Union[datetime, str]] = None,
        end_time: Optional[Union[datetime, str]] = None,
        cron: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiCronSchedule``; every field is optional (see the class docstring)."""
        self._init((start_time, end_time, cron), kwargs)
