"""multipart.read_form_file: uploads through a real WSGI server on loopback, plus stream edge cases."""
import hashlib
import io
import json
import socket
import threading
import tracemalloc
import urllib.parse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import urllib3

from kfp_server_api.stub.errors import StubError
from kfp_server_api.stub.multipart import read_form_file

LIMIT = 33554432
TOO_LARGE = f"File size too large. Maximum supported size: {LIMIT}"


def upload_app(environ, start_response):
    """Answers what read_form_file saw: file name, size and digest, or the upload error."""
    query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
    length = environ.get("CONTENT_LENGTH")
    kwargs = {"limit": int(query["limit"][0])} if "limit" in query else {}
    try:
        name, data = read_form_file(
            environ["wsgi.input"], environ.get("CONTENT_TYPE", ""), int(length) if length else None, **kwargs
        )
        status, body = "200 OK", {"filename": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    except StubError as err:
        status, body = f"{err.http_status} Bad Request", {"error_message": err.message, "style": err.style}
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = make_server("127.0.0.1", 0, upload_app, server_class=WSGIServer, handler_class=QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def http():
    return urllib3.PoolManager(timeout=urllib3.Timeout(total=60))


def post(http, url, body, content_type):
    resp = http.request("POST", url, body=body, headers={"Content-Type": content_type})
    return resp.status, json.loads(resp.data)


def form(*parts, boundary="b0undary", nl=b"\r\n", end=True):
    """Hand-built multipart body; parts are (headers, data)."""
    out = b""
    for headers, data in parts:
        out += b"--" + boundary.encode() + nl + nl.join(h.encode() for h in headers) + nl + nl + data + nl
    if end:
        out += b"--" + boundary.encode() + b"--" + nl
    return out


def file_part(filename="p.yaml", data=b"kind: Workflow\n", field="uploadfile"):
    return ([f'Content-Disposition: form-data; name="{field}"; filename="{filename}"'], data)


def value_part(name, data):
    return ([f'Content-Disposition: form-data; name="{name}"'], data)


def raw_request(url, head: bytes, body: bytes = b"", shutdown=False):
    """Send bytes on a plain socket and return (status, json body)."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(head + body)
        if shutdown:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    response = b"".join(chunks)
    status = int(response.split(b" ", 2)[1])
    return status, json.loads(response.split(b"\r\n\r\n", 1)[1])


# -- through urllib3 and a real server --------------------------------------------------------

def test_urllib3_upload_round_trips_name_and_bytes(server, http):
    data = bytes(range(256)) * 50 + b"\r\n--b0undary-not-really\r\n--" + b"\r\n"
    resp = http.request("POST", server + "/upload", fields={
        "description": "ignored",
        "uploadfile": ("hello-world.yaml", data, "application/x-yaml"),
        "after": "ignored too",
    })
    assert resp.status == 200
    assert json.loads(resp.data) == {
        "filename": "hello-world.yaml", "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
    }


def test_body_containing_the_boundary_text_inside_a_line_is_content(server, http):
    data = b"a\r\n--b0undaryX\r\n--b0undary is here\r\nend"
    status, body = post(http, server, form(file_part(data=data)), "multipart/form-data; boundary=b0undary")
    assert status == 200 and body["size"] == len(data)


def test_first_file_part_wins_and_other_fields_are_ignored(server, http):
    body = form(value_part("name", b"x"), file_part("one.yaml", b"1"), file_part("two.yaml", b"22"),
                file_part("other.yaml", b"333", field="otherfile"))
    status, got = post(http, server, body, 'multipart/form-data; boundary="b0undary"')
    assert status == 200 and (got["filename"], got["size"]) == ("one.yaml", 1)


@pytest.mark.parametrize(
    "disposition,expected",
    [
        ('form-data; name="uploadfile"; filename="../../etc/passwd.yaml"', "passwd.yaml"),
        ('form-data; name="uploadfile"; filename="C:\\\\Users\\\\me\\\\p.yaml"', "p.yaml"),
        ('form-data; name="uploadfile"; filename="/abs/dir/p.yml"', "p.yml"),
        ('form-data; name="uploadfile"; filename=".."', ""),
        ("form-data; name=uploadfile; filename*=UTF-8''h%C3%A9llo%20w.yaml", "héllo w.yaml"),
        ('form-data; name="uploadfile"; filename=""', ""),
    ],
)
def test_file_name_loses_any_path(server, http, disposition, expected):
    body = form(([f"Content-Disposition: {disposition}", "Content-Type: text/plain"], b"x"))
    status, got = post(http, server, body, "multipart/form-data; boundary=b0undary")
    assert status == 200 and got["filename"] == expected


def test_bare_lf_line_endings_are_accepted(server, http):
    body = form(file_part(data=b"a: 1\nb: 2"), nl=b"\n")
    status, got = post(http, server, body, "multipart/form-data; boundary=b0undary")
    assert status == 200 and got["size"] == len(b"a: 1\nb: 2")


@pytest.mark.parametrize(
    "body,content_type,message",
    [
        (b"{}", "application/json",
         "Failed to read pipeline from file: request Content-Type isn't multipart/form-data (got 'application/json')"),
        (form(file_part()), "multipart/form-data",
         "Failed to read pipeline from file: no multipart boundary param in Content-Type"),
        (form(file_part()), 'multipart/form-data; boundary=" bad"',
         "Failed to read pipeline from file: invalid multipart boundary ' bad' in Content-Type"),
        (form(value_part("name", b"x")), "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: http: no such file (the form has no file field named 'uploadfile')"),
        (form(value_part("uploadfile", b"x")), "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: http: no such file (the 'uploadfile' part has no filename)"),
        (form(file_part(), boundary="other"), "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: http: no such file (no multipart boundary found in the request body)"),
        (b"", "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: http: no such file (the request body is empty)"),
        (form(file_part(), end=False), "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: multipart: NextPart: unexpected EOF (the request body ends inside the form)"),
        (form((["no colon here"], b"x")), "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: multipart: malformed part header 'no colon here'"),
        (b"--b0undary\r\n" + b"X-Long: " + b"a" * 20000 + b"\r\n\r\nx\r\n--b0undary--\r\n",
         "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: multipart: part headers longer than 16384 bytes"),
        (b"--b0undaryjunk\r\n", "multipart/form-data; boundary=b0undary",
         "Failed to read pipeline from file: http: no such file (no multipart boundary found in the request body)"),
    ],
)
def test_bad_forms_are_clear_400s(server, http, body, content_type, message):
    status, got = post(http, server, body, content_type)
    assert status == 400
    assert got == {"error_message": message, "style": "upload"}


def test_missing_content_type_is_a_400(server):
    body = form(file_part())
    head = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    status, got = raw_request(server, head, body)
    assert status == 400
    assert got["error_message"].startswith("Failed to read pipeline from file: request Content-Type isn't multipart")


def test_client_that_stops_sending_gets_a_truncation_error(server):
    body = form(file_part(data=b"x" * 5000))
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    status, got = raw_request(server, head, body[:3000], shutdown=True)
    assert status == 400 and "unexpected EOF" in got["error_message"]


def test_exact_content_length_on_an_open_connection_is_answered(server):
    # Reading past Content-Length would wait for bytes that never come on this open socket.
    body = form(file_part(data=b"x" * 100000))
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    status, got = raw_request(server, head, body)
    assert status == 200 and got["size"] == 100000


def test_file_at_the_limit_is_accepted_and_one_byte_more_is_refused(server, http):
    ok = http.request("POST", server + "/?limit=1000", fields={"uploadfile": ("p.yaml", b"y" * 1000)})
    assert ok.status == 200 and json.loads(ok.data)["size"] == 1000
    big = http.request("POST", server + "/?limit=1000", fields={"uploadfile": ("p.yaml", b"y" * 1001)})
    assert big.status == 400
    assert json.loads(big.data)["error_message"] == "File size too large. Maximum supported size: 1000"


def test_real_limit_over_the_wire(server, http):
    resp = http.request("POST", server, fields={"uploadfile": ("p.yaml", b"z" * (LIMIT + 1))})
    assert resp.status == 400 and json.loads(resp.data)["error_message"] == TOO_LARGE


def test_declared_length_far_over_the_limit_is_refused_before_reading(server):
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
            b"Content-Length: 999999999999\r\n\r\n")
    status, got = raw_request(server, head)  # no body is ever sent
    assert status == 400 and got["error_message"] == TOO_LARGE


# -- stream-level guarantees ------------------------------------------------------------------

class CountingStream:
    """A wsgi.input stand-in that records how much was read and refuses to go past ``length``."""

    def __init__(self, data: bytes, length=None):
        self.raw = io.BytesIO(data)
        self.length = length
        self.consumed = 0

    def read(self, n):
        assert n is not None and n >= 0, "read() without a size would read the whole socket"
        chunk = self.raw.read(n)
        self.consumed += len(chunk)
        if self.length is not None:
            assert self.consumed <= self.length, "read past Content-Length"
        return chunk


def test_never_reads_past_content_length():
    body = form(file_part(data=b"x" * 300000))
    stream = CountingStream(body + b"NEXT REQUEST ON THE SAME CONNECTION", length=len(body))
    name, data = read_form_file(stream, "multipart/form-data; boundary=b0undary", len(body))
    assert (name, len(data)) == ("p.yaml", 300000)


def test_chunked_body_without_length_is_read_to_eof():
    body = form(value_part("a", b"1"), file_part(data=b"q" * 70000))
    name, data = read_form_file(CountingStream(body), "multipart/form-data; boundary=b0undary", None)
    assert data == b"q" * 70000


def test_oversized_file_stops_reading_soon_after_the_limit():
    limit = 200_000
    body = form(file_part(data=b"z" * 5_000_000))
    stream = CountingStream(body)
    with pytest.raises(StubError) as info:
        read_form_file(stream, "multipart/form-data; boundary=b0undary", None, limit=limit)
    assert info.value.message == f"File size too large. Maximum supported size: {limit}"
    assert info.value.style == "upload" and info.value.http_status == 400
    assert stream.consumed <= limit + 2 * 64 * 1024


def test_oversized_file_buffers_about_the_limit_only():
    body = form(file_part(data=b"z" * (LIMIT + 4 * 1024 * 1024)))
    stream = CountingStream(body)
    tracemalloc.start()
    try:
        with pytest.raises(StubError):
            read_form_file(stream, "multipart/form-data; boundary=b0undary", None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # One growing buffer of about the limit (a bytearray over-allocates by up to 1/8).
    assert peak < LIMIT * 9 // 8 + 256 * 1024
    assert stream.consumed <= LIMIT + 2 * 64 * 1024


def test_invalid_content_length_is_refused():
    with pytest.raises(StubError) as info:
        read_form_file(CountingStream(b""), "multipart/form-data; boundary=b", -1)
    assert info.value.http_status == 400


# -- properties -------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

boundaries = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789'()+_,-./:=?", min_size=1, max_size=70)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), boundaries, st.text(min_size=1, max_size=20).filter(lambda s: "\0" not in s))
def test_any_file_bytes_round_trip_through_urllib3_encoding(data, boundary, value):
    body, content_type = urllib3.encode_multipart_formdata(
        {"before": value, "uploadfile": ("f.yaml", data), "after": value}, boundary=boundary
    )
    name, got = read_form_file(CountingStream(body, len(body)), content_type, len(body))
    assert (name, got) == ("f.yaml", data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([None, 0, 10, 400]))
def test_random_bodies_only_ever_give_upload_errors(tail, length):
    body = b"--b\r\n" + tail
    length = None if length is None else min(length, len(body))
    try:
        read_form_file(CountingStream(body, length), "multipart/form-data; boundary=b", length)
    except StubError as err:
        assert (err.code, err.http_status, err.style) == (3, 400, "upload")
