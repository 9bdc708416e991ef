"""Walk every page of a list call: :func:`paginate` (the items) and :func:`paginate_pages`.

Every ``list_*`` method of the API classes answers one page plus a ``next_page_token``; the
server omits the token on the last page. These helpers make one request per page, lazily (a
page is fetched only when the caller asks for an item beyond the previous one), and pass the
same arguments (``filter``, ``sort_by``, ``resource_reference_key_*``, ``page_size``...) on
every request, which is what the KFP server requires when a page token is sent.

.. code-block:: python

    from kfp_server_api import RunServiceApi, paginate

    for run in paginate(RunServiceApi(client).list_runs, sort_by="created_at desc"):
        print(run.name)
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional, TypeVar, overload

from kfp_server_api.exceptions import ApiTypeError, ApiValueError

if TYPE_CHECKING:  # annotations only: importing this module must not import the models
    from kfp_server_api.models.api_experiment import ApiExperiment
    from kfp_server_api.models.api_job import ApiJob
    from kfp_server_api.models.api_list_experiments_response import ApiListExperimentsResponse
    from kfp_server_api.models.api_list_jobs_response import ApiListJobsResponse
    from kfp_server_api.models.api_list_pipeline_versions_response import ApiListPipelineVersionsResponse
    from kfp_server_api.models.api_list_pipelines_response import ApiListPipelinesResponse
    from kfp_server_api.models.api_list_runs_response import ApiListRunsResponse
    from kfp_server_api.models.api_list_tasks_response import ApiListTasksResponse
    from kfp_server_api.models.api_pipeline import ApiPipeline
    from kfp_server_api.models.api_pipeline_version import ApiPipelineVersion
    from kfp_server_api.models.api_run import ApiRun
    from kfp_server_api.models.api_task import ApiTask

__all__ = ["paginate", "paginate_pages", "DEFAULT_PAGE_SIZE"]

#: Page size used when none is given. The server caps pages at 200 and defaults to 20; 100
#: keeps the number of requests low without making single answers large.
DEFAULT_PAGE_SIZE = 100

#: Options whose results are not a decoded page (a pending result, a raw response, a tuple).
_UNSUPPORTED_OPTIONS = ("async_req", "_preload_content", "_return_http_data_only")

PageT = TypeVar("PageT")


def _method_name(list_method: Callable[..., Any]) -> str:
    return getattr(list_method, "__name__", None) or type(list_method).__name__


def _check_arguments(list_method: Callable[..., Any], page_size: Optional[int], kwargs: Any) -> None:
    """Raise before any request when the arguments cannot describe a paged walk."""
    if not callable(list_method):
        raise ApiTypeError(
            f"paginate() needs a list method such as RunServiceApi(client).list_runs, "
            f"got {type(list_method).__name__}"
        )
    name = _method_name(list_method)
    operation = _operation_of(list_method)
    if operation is not None and not any(p.name == "page_token" for p in operation.params):
        raise ApiTypeError(f"paginate() needs a list method that takes page_token; {name} does not")
    if page_size is not None:
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            raise ApiTypeError(f"page_size must be an int, got {type(page_size).__name__}")
        if page_size <= 0:
            raise ApiValueError(f"page_size must be greater than 0, got {page_size}")
    for option in _UNSUPPORTED_OPTIONS:
        if option in kwargs:
            raise ApiTypeError(f"paginate() does not support the {option} option (it needs decoded pages)")


def _operation_of(list_method: Callable[..., Any]) -> Any:
    """The :class:`~kfp_server_api.operation.Operation` behind a bound generated method, if any."""
    api = getattr(list_method, "__self__", None)
    module = sys.modules.get(type(api).__module__) if api is not None else None
    operations = getattr(module, "OPERATIONS", None)
    if not isinstance(operations, dict):
        return None
    return operations.get(_method_name(list_method))


def _pages(list_method: Callable[..., Any], page_size: Optional[int], kwargs: Any) -> Iterator[Any]:
    name = _method_name(list_method)
    token = kwargs.pop("page_token", None)
    seen = set()
    while True:
        page = list_method(page_token=token, page_size=page_size, **kwargs)
        if getattr(type(page), "_items_field", None) is None:
            raise ApiTypeError(
                f"paginate() needs a list method; {name} returned {type(page).__name__}, "
                "which is not a list response"
            )
        yield page
        token = page.next_page_token
        if not token:
            return
        if token in seen:
            # A server that hands back a token it already gave would make this loop forever.
            raise ApiValueError(f"{name}: the server returned the page token {token!r} twice; stopping")
        seen.add(token)


def paginate_pages(list_method: Callable[..., PageT], *, page_size: Optional[int] = DEFAULT_PAGE_SIZE,
                   **kwargs: Any) -> Iterator[PageT]:
    """Yield every page (the list response models) of ``list_method``, one request per page.

    ``list_method`` is a bound ``list_*`` method of an API class (``list_experiment``,
    ``list_runs``, ``list_jobs``, ``list_pipelines``, ``list_pipeline_versions``,
    ``list_tasks``); ``kwargs`` are passed to it unchanged on every request (``filter``,
    ``sort_by``, ``resource_reference_key_type`` ..., and request options such as
    ``_request_timeout``). ``page_token`` starts the walk at that token; ``page_size=None``
    leaves the page size to the server (20). Pages are fetched lazily and the walk stops after
    the first page without a ``next_page_token``.

    Raises :class:`~kfp_server_api.exceptions.ApiTypeError` /
    :class:`~kfp_server_api.exceptions.ApiValueError` at once (before any request) for a
    method that does not page, a bad ``page_size`` or the ``async_req``, ``_preload_content``
    and ``_return_http_data_only`` options; errors of the server are raised by the request
    that got them, as :class:`~kfp_server_api.exceptions.ApiException`.
    """
    _check_arguments(list_method, page_size, kwargs)
    return _pages(list_method, page_size, dict(kwargs))


@overload
def paginate(list_method: Callable[..., ApiListRunsResponse], *, page_size: Optional[int] = ...,
             **kwargs: Any) -> Iterator[ApiRun]: ...


@overload
def paginate(list_method: Callable[..., ApiListExperimentsResponse], *, page_size: Optional[int] = ...,
             **kwargs: Any) -> Iterator[ApiExperiment]: ...


@overload
def paginate(list_method: Callable[..., ApiListJobsResponse], *, page_size: Optional[int] = ...,
             **kwargs: Any) -> Iterator[ApiJob]: ...


@overload
def paginate(list_method: Callable[..., ApiListPipelinesResponse], *, page_size: Optional[int] = ...,
             **kwargs: Any) -> Iterator[ApiPipeline]: ...


@overload
def paginate(list_method: Callable[..., ApiListPipelineVersionsResponse], *,
             page_size: Optional[int] = ..., **kwargs: Any) -> Iterator[ApiPipelineVersion]: ...


@overload
def paginate(list_method: Callable[..., ApiListTasksResponse], *, page_size: Optional[int] = ...,
             **kwargs: Any) -> Iterator[ApiTask]: ...


def paginate(list_method: Callable[..., Any], *, page_size: Optional[int] = DEFAULT_PAGE_SIZE,
             **kwargs: Any) -> Iterator[Any]:
    """Yield every item (runs, experiments, jobs, pipelines, versions, tasks) of a list call
    across all its pages, in the server's order.

    Same arguments as :func:`paginate_pages`; the items come from the response's list field
    (``runs``, ``experiments``, ``jobs``, ``pipelines``, ``versions``, ``tasks``), and a page
    without that field (the server omits empty lists) contributes nothing.

    .. code-block:: python

        failed = list(paginate(runs_api.list_runs, filter=Filter.equals("status", "Failed")))
    """
    _check_arguments(list_method, page_size, kwargs)
    return _items(_pages(list_method, page_size, dict(kwargs)))


def _items(pages: Iterator[Any]) -> Iterator[Any]:
    for page in pages:
        yield from getattr(page, type(page)._items_field) or ()
