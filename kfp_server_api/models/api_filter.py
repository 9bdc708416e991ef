# generated from spec/filter.swagger.json by codegen/generate.py; do not edit
"""ApiFilter: the ``apiFilter`` definition of the API contract."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kfp_server_api.model_base import Model

if TYPE_CHECKING:  # annotations only: model modules never import each other at run time
    from typing import Any, Dict, List, Optional, Sequence, Union

    from kfp_server_api.models.api_predicate import ApiPredicate

__all__ = ["ApiFilter"]


class ApiFilter(Model):
    """Filter is used to filter resources returned from a ListXXX request.

    Example filters:
    1) Filter runs with status = 'Running'
    filter {
      predicate {
        key: "status"
        op: EQUALS
        string_value: "Running"
      }
    }

    2) Filter runs that succeeded since Dec 1, 2018
    filter {
      predicate {
        key: "status"
        op: EQUALS
        string_value: "Succeeded"
      }
      predicate {
        key: "created_at"
        op: GREATER_THAN
        timestamp_value {
          seconds: 1543651200
        }
      }
    }

    3) Filter runs with one of labels 'label_1' or 'label_2'

    filter {
      predicate {
        key: "label"
        op: IN
        string_values {
          value: 'label_1'
          value: 'label_2'
        }
      }
    }

    :ivar predicates: All predicates are AND-ed when this filter is applied. (list[ApiPredicate])
    """

    __slots__ = ("predicates",)

    # Attribute types for type checkers and IDEs (annotations only: the values live in the slots).
    predicates: Optional[List[ApiPredicate]]

    openapi_types = {
        "predicates": "list[ApiPredicate]",
    }
    attribute_map = {
        "predicates": "predicates",
    }
    _wire_types = {
        "predicates": "list:model:ApiPredicate",
    }

    def __init__(
        self,
        predicates: Optional[Sequence[Union[ApiPredicate, Dict[str, Any]]]] = None,
        **kwargs: Any,
    ) -> None:
        """Create a new ``ApiFilter``; every field is optional (see the class docstring)."""
        self._init((predicates,), kwargs)
