"""Command line of the stub server: ``python -m kfp_server_api.stub`` / ``kfp-stub-server``.

Ready when ``GET /apis/v1beta1/healthz`` answers 200; logs one line per request to stderr;
stops cleanly on SIGINT/SIGTERM (in-flight requests finish, the database is closed).
"""
import argparse
import signal
import sys
import threading
from typing import List, Optional


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also documents the options)."""
    p = argparse.ArgumentParser(
        prog="kfp-stub-server",
        description="A stub Kubeflow Pipelines v1beta1 API server for contract tests (no cluster needed).",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8888, help="port (default 8888; 0 = any free port)")
    p.add_argument("--db", metavar="PATH", help="SQLite file: state survives restarts (default: in memory)")
    p.add_argument("--token", help="require 'authorization: Bearer TOKEN' on every /apis/ route except healthz")
    p.add_argument("--multi-user", action="store_true", help="Kubeflow multi-user mode (identity from kubeflow-userid)")
    p.add_argument("--user", action="append", default=[], metavar="EMAIL=ns1,ns2",
                   help="grant namespaces to an identity (repeatable; multi-user mode)")
    p.add_argument("--run-duration", type=float, default=2.0, metavar="SECONDS",
                   help="stub-clock seconds from a run's start to Succeeded (default 2)")
    p.add_argument("--quiet", action="store_true", help="do not log requests")
    return p


def main(argv: Optional[List[str]] = None) -> int:
    """Run the server until SIGINT/SIGTERM; returns the exit status."""
    args = build_parser().parse_args(argv)
    from .server import StubServer

    try:
        stub = StubServer(
            host=args.host, port=args.port, db=args.db, token=args.token, multi_user=args.multi_user,
            users=args.user, run_duration=args.run_duration, quiet=args.quiet,
        )
    except (OSError, ValueError, OverflowError) as exc:
        print(f"kfp-stub-server: cannot start: {exc}", file=sys.stderr)
        return 1

    def stop(signum: int, _frame: object) -> None:
        """Signal handler: stop serving (the main thread then closes everything)."""
        # shutdown() blocks until serve_forever returns: call it from another thread.
        threading.Thread(target=stub.shutdown, daemon=True).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"kfp-stub-server: serving the KFP v1beta1 API on {stub.url}", file=sys.stderr, flush=True)
    try:
        stub.serve_forever()
    finally:
        stub.stop_serving_and_close()
    print("kfp-stub-server: stopped", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
