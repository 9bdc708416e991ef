"""Streaming ``multipart/form-data`` reader for the stub's upload routes (standard library only).

The real server takes the file with Go's ``http.Request.FormFile("uploadfile")``; this module
does the same job for a WSGI ``wsgi.input`` stream without the two risks of naive parsing: it
never reads past ``CONTENT_LENGTH`` (which would block on a keep-alive socket), and it never holds
more than the wanted file part plus one read chunk, stopping as soon as that part exceeds the
limit. Other form fields are read past and ignored. Errors are upload-style 400s whose text starts
like the real server's (``Failed to read pipeline from file: http: no such file``) and then says
what exactly was wrong.

Not supported (the KFP SDK and common clients never send them): ``Content-Transfer-Encoding``
other than identity, nested ``multipart/mixed`` parts.
"""
import email.message
import re
from typing import Any, Optional, Tuple

from .errors import StubError

__all__ = ["read_form_file", "MAX_HEADER_BYTES", "SLACK_BYTES"]

#: Largest header block accepted for one part.
MAX_HEADER_BYTES = 16 * 1024
#: Body bytes accepted beyond ``limit`` in total (other fields, part headers, boundaries).
SLACK_BYTES = 1024 * 1024

_CHUNK = 64 * 1024
_PREFIX = "Failed to read pipeline from file"
_BOUNDARY_RE = re.compile(r"^[\x21-\x7e]([\x20-\x7e]{0,198}[\x21-\x7e])?$")


def _error(msg: str) -> StubError:
    return StubError(3, msg, msg, http_status=400, style="upload")


def _read_error(detail: str) -> StubError:
    return _error(f"{_PREFIX}: {detail}")


def _too_large(limit: int) -> StubError:
    return _error(f"File size too large. Maximum supported size: {limit}")


def _params(header_name: str, value: str) -> email.message.Message:
    msg = email.message.Message()
    msg[header_name] = value
    return msg


def _boundary(content_type: str) -> bytes:
    if not content_type:
        raise _read_error("request Content-Type isn't multipart/form-data (no Content-Type header)")
    msg = _params("Content-Type", content_type)
    if msg.get_content_type() != "multipart/form-data":
        raise _read_error(f"request Content-Type isn't multipart/form-data (got {content_type!r})")
    boundary = msg.get_param("boundary")
    if isinstance(boundary, tuple):  # RFC 2231 form
        boundary = boundary[2]
    if not boundary:
        raise _read_error("no multipart boundary param in Content-Type")
    if not _BOUNDARY_RE.match(boundary):
        raise _read_error(f"invalid multipart boundary {boundary!r} in Content-Type")
    return boundary.encode("ascii")


def _base_name(filename: str) -> str:
    """The last path component: clients may send ``C:\\dir\\f.yaml`` or ``../../f.yaml``."""
    name = re.split(r"[/\\]", filename)[-1]
    return "" if name in (".", "..") else name


class _Input:
    """``wsgi.input`` read in chunks, never past ``Content-Length``, with a total budget."""

    def __init__(self, stream: Any, length: Optional[int], budget: int, limit: int) -> None:
        self.stream = stream
        self.left = length
        self.budget = budget
        self.limit = limit

    def read(self) -> bytes:
        n = _CHUNK if self.left is None else min(_CHUNK, self.left)
        if n <= 0:
            return b""
        chunk = self.stream.read(n) or b""
        if self.left is not None:
            self.left -= len(chunk)
        self.budget -= len(chunk)
        if self.budget < 0:
            raise _too_large(self.limit)
        return bytes(chunk)


class _Parser:
    def __init__(self, source: _Input, boundary: bytes, field: str, limit: int) -> None:
        self.src = source
        self.boundary = boundary
        self.field = field
        self.limit = limit
        self.buf = bytearray()
        self.eof = False
        self.nl = b"\r\n"
        self.found: Optional[Tuple[str, bytes]] = None
        self.unnamed_file = False

    def fill(self, need: int) -> bool:
        """Make ``need`` bytes available in ``buf``; False at the end of the body."""
        while len(self.buf) < need and not self.eof:
            chunk = self.src.read()
            if not chunk:
                self.eof = True
            self.buf += chunk
        return len(self.buf) >= need

    def truncated(self) -> StubError:
        return _read_error("multipart: NextPart: unexpected EOF (the request body ends inside the form)")

    def parse(self) -> Tuple[str, bytes]:
        self.preamble()
        while self.after_delimiter():
            headers = self.headers()
            self.body(headers)
        if self.found is None:
            why = (f"the {self.field!r} part has no filename" if self.unnamed_file
                   else f"the form has no file field named {self.field!r}")
            raise _read_error(f"http: no such file ({why})")
        return self.found

    def preamble(self) -> None:
        dash = b"--" + self.boundary
        body_start = True
        while True:
            self.fill(len(self.buf) + 1)
            at = self.buf.find(dash)
            while at >= 0:
                # A delimiter sits at the start of the body or of a line.
                line_start = (at == 0 and body_start) or self.buf[at - 1:at] == b"\n"
                if line_start:
                    end = self.delimiter_end(at + len(dash), (b"\r\n", b"\n"))
                    if end:
                        if end != b"--":
                            self.nl = end
                        del self.buf[:at + len(dash)]
                        return
                at = self.buf.find(dash, at + 1)
            if self.eof:
                raise _read_error(
                    "http: no such file (no multipart boundary found in the request body)"
                    if self.buf.strip() else "http: no such file (the request body is empty)"
                )
            # Keep only what could still be the start of a delimiter.
            keep = len(dash) + 1
            if len(self.buf) > keep:
                del self.buf[:len(self.buf) - keep]
                body_start = False

    def delimiter_end(self, pos: int, newlines: Tuple[bytes, ...]) -> Optional[bytes]:
        """What makes ``--boundary`` at ``pos`` a delimiter: ``--``, or the line break after
        optional blanks (then returned). ``None``: the boundary text is just content, as Go's
        multipart reader decides."""
        if not self.fill(pos + 2):
            raise self.truncated()
        if self.buf[pos:pos + 2] == b"--":
            return b"--"
        while self.fill(pos + 1) and self.buf[pos:pos + 1] in (b" ", b"\t"):
            pos += 1
        for newline in newlines:
            if self.fill(pos + len(newline)) and self.buf[pos:pos + len(newline)] == newline:
                return newline
        if self.eof and len(self.buf) <= pos:
            raise self.truncated()
        return None

    def after_delimiter(self) -> bool:
        """Consume what follows ``--boundary``: ``--`` ends the form, else the line end."""
        if not self.fill(2):
            raise self.truncated()
        if self.buf[:2] == b"--":
            return False
        while True:
            if not self.fill(1):
                raise self.truncated()
            if self.buf[:1] in (b" ", b"\t"):
                del self.buf[:1]
                continue
            break
        if not self.fill(len(self.nl)):
            raise self.truncated()
        if self.buf[:len(self.nl)] != self.nl:
            raise _read_error("multipart: expected a line break after the boundary")
        del self.buf[:len(self.nl)]
        return True

    def headers(self) -> email.message.Message:
        end_mark = self.nl + self.nl
        if self.fill(len(self.nl)) and self.buf[:len(self.nl)] == self.nl:
            del self.buf[:len(self.nl)]
            return email.message.Message()
        while True:
            at = self.buf.find(end_mark)
            if at >= 0:
                break
            if len(self.buf) > MAX_HEADER_BYTES:
                raise _read_error(f"multipart: part headers longer than {MAX_HEADER_BYTES} bytes")
            if self.eof:
                raise self.truncated()
            self.fill(len(self.buf) + 1)
        raw = bytes(self.buf[:at])
        del self.buf[:at + len(end_mark)]
        if at > MAX_HEADER_BYTES:
            raise _read_error(f"multipart: part headers longer than {MAX_HEADER_BYTES} bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        msg = email.message.Message()
        for line in re.split(r"\r?\n(?![ \t])", text):
            name, sep, value = line.partition(":")
            if not sep or not name.strip():
                raise _read_error(f"multipart: malformed part header {line[:80]!r}")
            msg[name.strip()] = re.sub(r"\r?\n[ \t]+", " ", value).strip()
        return msg

    def wanted(self, headers: email.message.Message) -> Optional[str]:
        """The part's file name if it is the wanted file field, else ``None``."""
        disposition = headers.get("Content-Disposition")
        if not disposition:
            return None
        params = _params("Content-Disposition", disposition)
        if params.get_content_disposition() != "form-data":
            return None
        name = params.get_param("name", header="content-disposition")
        if isinstance(name, tuple):
            name = name[2]
        if name != self.field:
            return None
        filename = params.get_filename()
        if filename is None:
            # Go's FormFile only sees parts with a filename; without one it is a plain value.
            self.unnamed_file = True
            return None
        return _base_name(filename)

    def body(self, headers: email.message.Message) -> None:
        filename = self.wanted(headers) if self.found is None else None
        keep = filename is not None
        data = bytearray()
        delim = self.nl + b"--" + self.boundary
        search_from = 0
        while True:
            at = self.buf.find(delim, search_from)
            if at >= 0:
                if self.delimiter_end(at + len(delim), (self.nl,)):
                    self.emit(data, keep, at)
                    del self.buf[:len(delim)]
                    break
                # The boundary text continues with other bytes: it is content.
                search_from = at + 1
                continue
            if self.eof:
                raise self.truncated()
            # Everything except a possible partial delimiter at the end is content.
            safe = max(0, len(self.buf) - len(delim) + 1)
            self.emit(data, keep, safe)
            search_from = max(0, len(self.buf) - len(delim) + 1)
            self.fill(len(self.buf) + 1)
        if keep:
            self.found = (filename or "", bytes(data))

    def emit(self, data: bytearray, keep: bool, upto: int) -> None:
        if keep:
            data += self.buf[:upto]
            if len(data) > self.limit:
                raise _too_large(self.limit)
        del self.buf[:upto]


def read_form_file(stream: Any, content_type: str, content_length: Optional[int], field: str = "uploadfile",
                   limit: int = 33554432) -> Tuple[str, bytes]:
    """Read the file part ``field`` of a ``multipart/form-data`` body: ``(filename, data)``.

    ``stream`` only needs ``read(n)`` (a WSGI ``wsgi.input``); at most ``content_length``
    bytes are read from it (``None``: until EOF, for chunked bodies). The file name is reduced
    to its last path component. A file bigger than ``limit`` is refused as soon as that is
    known, without buffering more than about ``limit`` + 64 KiB. Raises a 400 upload-style
    :class:`StubError` when the body is not multipart, has no usable boundary, lacks the file
    field, is truncated or is too large.
    """
    boundary = _boundary(content_type)
    if content_length is not None and content_length < 0:
        raise _read_error("invalid Content-Length")
    budget = limit + SLACK_BYTES
    if content_length is not None and content_length > budget:
        # The file cannot fit: refuse before reading anything.
        raise _too_large(limit)
    source = _Input(stream, content_length, budget, limit)
    return _Parser(source, boundary, field, limit).parse()
