# generated from spec/kfp_api_v1beta1.swagger.json by codegen/generate.py; do not edit
"""HealthzServiceApi: the ``HealthzService`` operations of the API contract.

Each operation is described by a module-level :class:`~kfp_server_api.operation.Operation`;
the methods of :class:`HealthzServiceApi` hand it to ``ApiClient.call_operation``, which owns the
request path (auth, serialization, errors).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from kfp_server_api.operation import BaseApi, Operation

if TYPE_CHECKING:  # annotations only: importing an API class must not import the models
    from typing import Tuple

    from kfp_server_api.models.api_get_healthz_response import ApiGetHealthzResponse

__all__ = ["HealthzServiceApi", "OPERATIONS"]

#: GET /apis/v1beta1/healthz
GET_HEALTHZ = Operation(
    name="get_healthz",
    api="HealthzServiceApi",
    operation_id="GetHealthz",
    method="GET",
    path="/apis/v1beta1/healthz",
    params=(),
    response_type="ApiGetHealthzResponse",
    consumes=("application/json",),
    produces=("application/json",),
    auth=("Bearer",),
    idempotent=True,
    summary="Get healthz data.",
)

#: The operations of :class:`HealthzServiceApi`, keyed by method name.
OPERATIONS: Dict[str, Operation] = {
    "get_healthz": GET_HEALTHZ,
}


class HealthzServiceApi(BaseApi):
    """The ``HealthzService`` operations (``HealthzServiceApi(api_client=None)``; a default
    :class:`~kfp_server_api.api_client.ApiClient` is created when none is given)."""

    def get_healthz(self, **kwargs: Any) -> ApiGetHealthzResponse:
        """Get healthz data.

        :param kwargs: request options understood by ``ApiClient.call_operation``: ``async_req``, ``_preload_content``, ``_request_timeout``, ``_return_http_data_only``, ``_headers``
        :return: ApiGetHealthzResponse
        :raises ApiException: when the server answers with an error status
        """
        return self.api_client.call_operation(GET_HEALTHZ, {}, kwargs)

    def get_healthz_with_http_info(self, **kwargs: Any) -> Tuple[ApiGetHealthzResponse, int, Dict[str, str]]:
        """Like :meth:`get_healthz`, returning ``(data, HTTP status, response headers)``."""
        return self.api_client.call_operation(GET_HEALTHZ, {}, kwargs, http_info=True)
