"""Closed-loop HTTP/1.1 load generator for the throughput figures (run as its own process).

``N`` keep-alive connections, each with exactly one request in flight (no pipelining), driven by
one thread over ``select.poll``. Why this shape, on a 2-core machine:

* The server under test is a Python process that can use about one core (GIL). The load generator
  gets the other core. Threads with ``http.client`` would spend most of that core on GIL hand-offs
  and on ``http.client``'s header parsing (``email.parser``), and the client could end up slower
  than the *baseline* server, which would cap the baseline and flatter the ratio.
* One event loop with pre-built request bytes costs a ``send``, a ``recv``, one byte search and one
  ``int()`` per response, which is several times cheaper than any Python server's per-request work.

It reports its own CPU time so the caller can check that the client was not the bottleneck
(``client_cpu`` well below 1.0 of a core while the server's is close to 1.0).

    python benchmarks/loadgen.py --port 8888 --path /apis/v1beta1/experiments/x --clients 8 --duration 3
    # prints one JSON object: requests, errors, elapsed, rps, client_cpu, bytes
"""
import argparse
import json
import select
import socket
import sys
import time
from typing import Any, Dict, Optional, Sequence, Union

__all__ = ["run_load", "main"]


def _response_size(buf: bytes) -> int:
    """Total length (head + body) of the response at the start of ``buf``, or -1 if headers are incomplete."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return -1
    # Servers nearly always spell it this way; the case-insensitive search is the slow fallback.
    pos = buf.find(b"\r\nContent-Length:", 0, end)
    if pos < 0:
        pos = bytes(buf[:end]).lower().find(b"\r\ncontent-length:")
        if pos < 0:
            raise RuntimeError("response without Content-Length: " + bytes(buf[:200]).decode("latin-1"))
    stop = buf.find(b"\r\n", pos + 2, end + 2)
    return end + 4 + int(buf[pos + 17 : stop])


def run_load(host: str, port: int, path: Union[str, Sequence[str]], clients: int = 8, duration: float = 3.0,
             warmup: float = 0.5) -> Dict[str, Any]:
    """Drive ``GET path`` from ``clients`` keep-alive connections; counts only the measured window.

    ``path`` may be a list: the requests then cycle through it (to defeat per-path answer caches).
    """
    paths = [path] if isinstance(path, str) else list(path)
    requests = [f"GET {p} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: application/json\r\nUser-Agent: kfp-bench\r\n\r\n".encode()
                for p in paths]
    nreq = len(requests)
    # Each connection cycles from its own offset, so concurrent clients do not ask for the same
    # path at the same moment (which a per-path answer cache would serve).
    position: Dict[int, int] = {}
    # select.poll rather than selectors: no SelectorKey objects per event, which matters at 30k events/s.
    poller = select.poll()
    socks: Dict[int, socket.socket] = {}
    bufs: Dict[int, bytes] = {}
    for j in range(clients):
        sock = socket.create_connection((host, port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        fd = sock.fileno()
        position[fd] = j * nreq // clients
        socks[fd] = sock
        bufs[fd] = b""
        poller.register(fd, select.POLLIN)
        sock.sendall(requests[position[fd]])
    done = errors = nbytes = 0
    counting = False
    start = time.perf_counter()
    t0 = cpu0 = 0.0
    deadline = start + warmup + duration
    first_error: Optional[bytes] = None
    while True:
        now = time.perf_counter()
        if not counting and now >= start + warmup:
            counting = True
            t0, cpu0 = now, time.process_time()
            done = errors = nbytes = 0
        if now >= deadline:
            break
        for fd, _ in poller.poll(500):
            sock = socks[fd]
            data = sock.recv(1 << 20)
            if not data:
                raise RuntimeError("server closed a keep-alive connection")
            buf = bufs[fd] + data if bufs[fd] else data
            need = _response_size(buf)
            if need < 0 or len(buf) < need:
                bufs[fd] = buf
                continue
            if buf[9:12] != b"200":
                errors += 1
                if first_error is None:
                    first_error = buf[:300]
            done += 1
            nbytes += need
            # One request in flight per connection, so nothing can follow the response.
            bufs[fd] = buf[need:]
            if nreq > 1:
                position[fd] = (position[fd] + 1) % nreq
            sock.send(requests[position[fd]])
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    for sock in socks.values():
        sock.close()
    result: Dict[str, Any] = {
        "requests": done,
        "errors": errors,
        "elapsed": elapsed,
        "rps": done / elapsed if elapsed > 0 else 0.0,
        "client_cpu": cpu / elapsed if elapsed > 0 else 0.0,
        "bytes_per_response": nbytes / done if done else 0,
    }
    if first_error is not None:
        result["first_error"] = first_error.decode("latin-1")
    return result


def main(argv: Optional[list] = None) -> int:
    """Command line: run the load and print the result as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", action="append", default=[], help="repeatable: requests cycle through the paths")
    parser.add_argument("--paths-file", help="more paths, one per line")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=3.0)
    parser.add_argument("--warmup", type=float, default=0.5)
    args = parser.parse_args(argv)
    if args.paths_file:
        with open(args.paths_file, encoding="utf-8") as f:
            args.path += [line.strip() for line in f if line.strip()]
    if not args.path:
        parser.error("give --path or --paths-file")
    result = run_load(args.host, args.port, args.path if len(args.path) > 1 else args.path[0], args.clients,
                      args.duration, args.warmup)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
