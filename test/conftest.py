"""Shared test fixtures (small on purpose; the stub's fixtures come from its pytest plugin).

* ``recording_server``: a :class:`~recording_server.RecordingServer` on loopback, stopped
  after the test. Queue answers with ``recording_server.respond(status, body)``; read what
  arrived from ``recording_server.requests`` / ``.last``.
* ``token``: the Bearer token ``api_config`` sends.
* ``api_config``: a :class:`kfp_server_api.configuration.Configuration` for it, with a Bearer
  ``token`` and no retries (tests that exercise retries set their own policy).
* ``api_client``: an :class:`kfp_server_api.api_client.ApiClient` with ``api_config``, closed
  after the test.
* ``silent_server``: accepts connections and never answers (timeout tests).
* ``closed_port``: a loopback port with nothing listening.
"""
import os
import sys
from typing import Iterator

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from recording_server import RecordingServer, SilentServer, closed_port as _closed_port  # noqa: E402

from kfp_server_api.api_client import ApiClient  # noqa: E402
from kfp_server_api.configuration import Configuration  # noqa: E402


@pytest.fixture
def recording_server() -> Iterator[RecordingServer]:
    """A recording HTTP/1.1 server on 127.0.0.1 (see ``test/recording_server.py``)."""
    with RecordingServer() as server:
        yield server


@pytest.fixture
def token() -> str:
    """The Bearer token that ``api_config`` sends."""
    return "s3cr3t-token"


@pytest.fixture
def api_config(recording_server: RecordingServer, token: str) -> Configuration:
    """A Configuration for ``recording_server``: Bearer ``token``, retries off."""
    config = Configuration(host=recording_server.url)
    config.api_key["authorization"] = token
    config.api_key_prefix["authorization"] = "Bearer"
    config.retries = False
    return config


@pytest.fixture
def api_client(api_config: Configuration) -> Iterator[ApiClient]:
    """An ApiClient for ``recording_server`` (closed after the test)."""
    with ApiClient(api_config) as client:
        yield client


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    """A TCP server that accepts connections and never answers."""
    server = SilentServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening."""
    return _closed_port()
