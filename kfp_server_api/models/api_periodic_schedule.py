# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""ApiPeriodicSchedule: the ``apiPeriodicSchedule`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from datetime import datetime
    from typing import Any, Optional, Union

__all__ = ["ApiPeriodicSchedule"]


class ApiPeriodicSchedule(Model):
    """PeriodicSchedule allow scheduling the job periodically with certain interval

    :ivar start_time: The start time of the periodic job (datetime; RFC 3339 timestamp on the wire)
    :ivar end_time: The end time of the periodic job (datetime; RFC 3339 timestamp on the wire)
    :ivar interval_second: The time interval between the starting time of consecutive jobs (int; int64: a JSON string on the wire)
    """

    __slots__ = ("start_time", "end_time", "interval_second")

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    start_time: Optional[datetime]
    end_time: Optional[datetime]
    interval_second: Optional[int]

    openapi_types = {
        "start_time": "datetime",
        "end_time": "datetime",
        "interval_second": "int",
    }
    attribute_map = {
        "start_time": "start_time",
        "end_time": "end_time",
        "interval_second": "interval_second",
    }
    _wire_types = {
        "start_time": "datetime",
        "end_time": "datetime",
        "interval_second": "int64",
    }

    def __init__(
        self,
        start_time: Optional[Union[datetime, str]] = None,
        end_time: Optional[Union[datetime, str]] = None,
        interval_second: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiPeriodicSchedule``; every field is optional (see the class docstring)."""
        self._init((start_time, end_time, interval_second), kwargs)
