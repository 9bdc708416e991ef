"""TLS against a self-signed PKI made with the openssl command line (``certs`` fixture).

The server (HTTPS on loopback) answers healthz with an ``X-Peer`` header naming the subject CN
of the client certificate it received, and counts failed handshakes.
"""
import json
import ssl
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator, Optional

import pytest
import urllib3

import kfp_server_api
from kfp_server_api.api_client import ApiClient
from kfp_server_api.configuration import Configuration
from kfp_server_api.exceptions import ApiConnectionError, ApiException


class _EchoPeer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        cert = self.connection.getpeercert()
        subject = dict(item[0] for item in cert.get("subject", ())) if cert else {}
        body = json.dumps({"multi_user": False}).encode()
        self.send_response(200)
        self.send_header("X-Peer", f"peer={subject.get('commonName', 'none')}")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        gap = getattr(self.server, "drip", 0.0)
        if not gap:
            self.wfile.write(body)
            return
        self.wfile.flush()
        for byte in body:  # one byte per TLS record, each well within the read timeout
            time.sleep(gap)
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:  # the client gave up and closed
                return

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class TLSServer(ThreadingHTTPServer):
    """HTTPS on 127.0.0.1; the handshake runs in the request thread, failures are counted."""

    daemon_threads = True

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _EchoPeer)
        self.context = context
        self.handshake_failures = 0
        self.drip = 0.0  # seconds between body bytes (0: send the body at once)
        self.url = f"https://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    def finish_request(self, request: Any, client_address: Any) -> None:
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            self.handshake_failures += 1
            return
        self.RequestHandlerClass(tls, client_address, self)

    def close(self) -> None:
        """Stop and release the port."""
        self.shutdown()
        self.server_close()


def _context(certs: Any, require_client_cert: bool) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certs.server_cert, certs.server_key)
    if require_client_cert:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(certs.ca)
    return ctx


@pytest.fixture
def tls_server(certs: Any) -> Iterator[TLSServer]:
    """HTTPS server with the test PKI's server certificate (no client certificate needed)."""
    server = TLSServer(_context(certs, require_client_cert=False))
    yield server
    server.close()


@pytest.fixture
def mtls_server(certs: Any) -> Iterator[TLSServer]:
    """HTTPS server that requires a client certificate signed by the test CA."""
    server = TLSServer(_context(certs, require_client_cert=True))
    yield server
    server.close()


def _healthz(url: str, *, ca: Optional[str] = None, verify: bool = True, cert: Any = None,
             retries: Any = False) -> Any:
    config = Configuration(host=url)
    config.retries = retries
    config.ssl_ca_cert = ca
    config.verify_ssl = verify
    if cert is not None:
        config.cert_file, config.key_file = cert
    with ApiClient(config) as client:
        api = kfp_server_api.HealthzServiceApi(client)
        return [api.get_healthz_with_http_info()[2].get("X-Peer") for _ in range(3)]


def test_verification_fails_by_default(tls_server: TLSServer, report: Any) -> None:
    """Default policy: the certificate is unknown to certifi; a clear TLS error, raised at once
    (a failed verification is not retried: it would fail the same way every time)."""
    with pytest.raises(urllib3.exceptions.MaxRetryError) as caught:
        _healthz(tls_server.url, retries=None)
    error = caught.value
    assert isinstance(error, ApiConnectionError) and not isinstance(error, ApiException)
    assert "TLS error" in str(error) and "CERTIFICATE_VERIFY_FAILED" in str(error)
    assert _eventually(lambda: tls_server.handshake_failures >= 1)
    time.sleep(0.3)  # a retry, had there been one, would have reached the server by now
    assert tls_server.handshake_failures == 1
    report(f"self-signed server, default settings: {type(error).__name__} after "
           f"{tls_server.handshake_failures} refused handshakes")


def test_verification_succeeds_with_the_ca_bundle(tls_server: TLSServer, certs: Any) -> None:
    answers = _healthz(tls_server.url, ca=certs.ca)
    assert answers == ["peer=none"] * 3
    assert tls_server.handshake_failures == 0


def test_verify_ssl_false_works_with_one_warning(tls_server: TLSServer, report: Any) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answers = _healthz(tls_server.url, verify=False)
    assert len(answers) == 3
    insecure = [w for w in caught if issubclass(w.category, urllib3.exceptions.InsecureRequestWarning)]
    assert len(insecure) == 1, [str(w.message) for w in insecure]
    assert "verification is disabled" in str(insecure[0].message)
    report(f"verify_ssl=False: 3 requests, {len(insecure)} warning: {str(insecure[0].message)[:70]}...")


def test_client_certificate_reaches_the_server(mtls_server: TLSServer, certs: Any, report: Any) -> None:
    answers = _healthz(mtls_server.url, ca=certs.ca, cert=(certs.client_cert, certs.client_key))
    assert answers == ["peer=reliability-client"] * 3
    report("mTLS: server requiring a client certificate saw CN=reliability-client on 3 requests")


def test_missing_client_certificate_is_a_clear_error(mtls_server: TLSServer, certs: Any) -> None:
    with pytest.raises(ApiConnectionError) as caught:
        _healthz(mtls_server.url, ca=certs.ca)
    # TLS 1.3 reports the server's refusal on the first read: TLS error or broken connection.
    assert any(text in str(caught.value) for text in ("TLS error", "connection broken")), str(caught.value)
    # The server counts its refusal after sending the alert the client already acted on.
    assert _eventually(lambda: mtls_server.handshake_failures >= 1)


def _eventually(predicate: Any) -> bool:
    for _ in range(200):
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_wrong_ca_is_refused_even_with_a_client_certificate(mtls_server: TLSServer, certs: Any) -> None:
    """A bundle that does not contain the issuing CA (here: certifi's) does not verify the server."""
    import certifi

    with pytest.raises(ApiConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        _healthz(mtls_server.url, ca=certifi.where(), cert=(certs.client_cert, certs.client_key))


def test_a_dripped_answer_over_tls_is_cut_off_and_the_client_recovers(tls_server: TLSServer, certs: Any,
                                                                       report: Any) -> None:
    """The whole-answer deadline shuts the TLS socket down from the watchdog thread; the call
    ends with a read timeout and the next calls on the same client open a fresh connection."""
    config = Configuration(host=tls_server.url)
    config.retries = False
    config.ssl_ca_cert = certs.ca
    with ApiClient(config) as client:
        api = kfp_server_api.HealthzServiceApi(client)
        tls_server.drip = 0.1  # a 20-byte body over 2 s
        start = time.monotonic()
        with pytest.raises(urllib3.exceptions.ReadTimeoutError) as caught:
            api.get_healthz(_request_timeout=(2, 0.4))
        elapsed = time.monotonic() - start
        assert "took longer than the read timeout (0.4 s)" in str(caught.value)
        tls_server.drip = 0.0
        assert [api.get_healthz().multi_user for _ in range(3)] == [False] * 3
    report(f"TLS answer dripped at 10 bytes/s, read timeout 0.4 s: ReadTimeoutError after {elapsed:.1f} s, "
           "then 3 calls on the same client succeeded")
