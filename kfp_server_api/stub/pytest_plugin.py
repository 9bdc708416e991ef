"""pytest plugin of the KFP stub server: fixtures ``kfp_stub`` and ``kfp_api_client``.

Loaded in every pytest run where kfp-server-api is installed (entry point ``pytest11``), so
it imports nothing heavy at module level: the server is imported inside the fixtures.
"""
from typing import Any, Iterator

import pytest


@pytest.fixture(scope="session")
def _kfp_stub_session() -> Iterator[Any]:
    from kfp_server_api.stub.server import StubServer

    with StubServer(quiet=True) as stub:
        yield stub


@pytest.fixture
def kfp_stub(_kfp_stub_session: Any) -> Iterator[Any]:
    """A running :class:`~kfp_server_api.stub.StubServer` (one per session), reset before each test."""
    _kfp_stub_session.reset()
    yield _kfp_stub_session


@pytest.fixture
def kfp_api_client(kfp_stub: Any) -> Iterator[Any]:
    """A :class:`kfp_server_api.ApiClient` configured for :func:`kfp_stub`; closed after the test."""
    client = kfp_stub.api_client()
    try:
        yield client
    finally:
        client.close()
