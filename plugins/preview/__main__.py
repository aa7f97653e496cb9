"""``make serve`` and ``make devserver``: build the archive and serve it, with every save rebuilt when watching.

    python -m plugins.preview [--watch] [--content content] [--output output] [--host 127.0.0.1] [--port 8000]

The server answers at once, with a "building…" page until the first build is done.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import sys
from pathlib import Path

from pelican.log import init as init_logging

from .builder import DRAFT_SETTINGS, Builder, start
from .server import Preview, make_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--watch", action="store_true", help="rebuild on every save and show drafts (make devserver)")
    parser.add_argument("--content", default="content", help="the content folder (make: CONTENT)")
    parser.add_argument("--output", default="output", help="the output folder (make: OUTPUT)")
    parser.add_argument("--settings", default="pelicanconf.py", help="the Pelican settings file")
    parser.add_argument("--host", default="127.0.0.1", help="the address to serve on (make: HOST)")
    parser.add_argument("--port", type=int, default=8000, help="the port to serve on (make: PORT)")
    args = parser.parse_args(argv)
    # Plain log lines: the terminal shows each message whole, never wrapped mid-word.
    init_logging(level=logging.WARNING, handler=logging.StreamHandler())
    preview = Preview(Path(args.output).resolve())
    try:
        server = make_server(preview, args.host, args.port)
    except OSError as error:
        print(_cannot_listen(args.host, args.port, error, "devserver" if args.watch else "serve"), file=sys.stderr)
        return 1
    overrides = {"PATH": str(Path(args.content).resolve()), **(DRAFT_SETTINGS if args.watch else {})}
    start(Builder(preview, args.settings, overrides), watch=args.watch)
    print(f"Serving the archive on http://{args.host}:{args.port}/ (stop with Ctrl+C)", file=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


def _cannot_listen(host: str, port: int, error: OSError, target: str) -> str:
    if error.errno == errno.EADDRINUSE:
        reason = f"port {port} is already in use (is another preview running?)"
    else:
        reason = error.strerror or str(error)
    return f"Cannot serve on http://{host}:{port}/: {reason}.\nStop the other server, or choose another port: make {target} PORT={port + 1}"


if __name__ == "__main__":
    sys.exit(main())
