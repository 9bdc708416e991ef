"""The whole-answer deadline's watchdog (``kfp_server_api.deadlines``), without the network.

The end-to-end behaviour (dripped heads and bodies, TLS, retries, POST sent once) is in
``test/reliability/test_client_faults.py`` and ``test_client_tls.py``.
"""
import threading
import time
from typing import List

import urllib3

from kfp_server_api import deadlines
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration


class _Sock:
    """Records shutdowns and whether its connection was inside an attempt at that moment."""

    def __init__(self) -> None:
        self.in_attempt = False
        self.shut_inside: List[bool] = []

    def shutdown(self, _how: int) -> None:
        self.shut_inside.append(self.in_attempt)


class _Conn:
    def __init__(self) -> None:
        self.sock = _Sock()


def test_read_budget_takes_the_read_part_or_the_total() -> None:
    assert deadlines.read_budget(urllib3.Timeout(connect=2, read=0.5)) == 0.5
    assert deadlines.read_budget(urllib3.Timeout(total=3)) == 3.0
    assert deadlines.read_budget(urllib3.Timeout(connect=1, read=5, total=2)) == 2.0
    assert deadlines.read_budget(urllib3.Timeout(connect=1, read=None)) is None
    assert deadlines.read_budget(None) is None


def test_an_overdue_attempt_is_shut_down_and_marked() -> None:
    conn = _Conn()
    with deadlines.bounded_call(0.05) as call:
        conn.sock.in_attempt = True
        deadlines._WATCHDOG.arm(conn, call)
        for _ in range(200):
            if conn.sock.shut_inside:
                break
            time.sleep(0.01)
    assert call.fired and conn.sock.shut_inside == [True]


def test_a_connection_handed_back_is_never_shut_down() -> None:
    """Attempts that end right at their deadline race the watchdog; whichever wins, a
    connection is never shut down after it was disarmed (handed back to its pool)."""
    conns = [_Conn() for _ in range(4)]

    def attempts(conn: _Conn) -> None:
        for _ in range(400):
            with deadlines.bounded_call(0.0005) as call:
                conn.sock.in_attempt = True
                deadlines._WATCHDOG.arm(conn, call)
                time.sleep(0.0005)
                deadlines._WATCHDOG.disarm(conn)  # what the pool's _put_conn does
                conn.sock.in_attempt = False

    threads = [threading.Thread(target=attempts, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shut = [flag for c in conns for flag in c.sock.shut_inside]
    assert shut, "the watchdog never won a race: the test proved nothing"
    assert all(shut), f"{shut.count(False)} shutdowns after the connection was handed back"


def test_nothing_stays_armed_after_calls() -> None:
    """Ended calls leave no entry behind (no connection kept alive by the watchdog)."""
    conn = _Conn()
    with deadlines.bounded_call(60) as call:
        deadlines._WATCHDOG.arm(conn, call)
    assert conn not in deadlines._WATCHDOG._armed


def test_the_client_pools_are_armed() -> None:
    with ApiClient(Configuration(host="http://127.0.0.1:1")) as client:
        pool = client.rest_client.pool_manager.connection_from_url("http://127.0.0.1:1/")
        assert issubclass(pool.ConnectionCls, deadlines._ArmedWhileAnswering)
        tls = client.rest_client.pool_manager.connection_from_url("https://127.0.0.1:1/")
        assert issubclass(tls.ConnectionCls, deadlines._ArmedWhileAnswering)
