"""The preview's latency: from a statement file's write to its new page being served by `make devserver`.

    python -m bench.preview [--runs 3] CONTENT

Starts the preview (``plugins.preview --watch``) on a free port, with its output and cache
in a temporary folder, waits for its first build, then RUNS times writes a marker into the
middle statement and polls its page every 10 ms until the marker is served ("a save served"),
then polls the status until the full build after it is done ("the whole site rebuilt").  The
file is put back after each run, and that rebuild is waited for too.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from pelican.settings import read_settings

from plugins.archive.addresses import statement_file
from plugins.archive.validate import new_markdown, parse_statement
from plugins.statements.load import PARSE_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.01
# The first build of thousands of statements on a busy machine takes minutes.
FIRST_BUILD_SECONDS = 900


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(condition, seconds: float) -> float:
    """Poll ``condition`` until true; the monotonic time it became true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"no change within {seconds} s")


def latency(content: Path, runs: int) -> dict:
    """Median seconds from a save to its page served, and to the whole site rebuilt, with each run's."""
    statements = sorted(content.glob("statements/*/*.md"))
    path = statements[len(statements) // 2]
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        command = [sys.executable, "-m", "plugins.preview", "--watch", "--settings", str(ROOT / "pelicanconf.py"),
                   "--content", str(content), "--output", str(Path(work) / "output"), "--port", str(port)]  # fmt: skip
        server = subprocess.Popen(command, cwd=work, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        try:
            return _measure(f"http://127.0.0.1:{port}", path, content, runs)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def _measure(base: str, path: Path, content: Path, runs: int) -> dict:
    url = base + _page_of(base, path, content)

    def rebuilt() -> bool:
        return not json.loads(fetch(f"{base}/__preview__/status?path=/") or '{"building": true}')["building"]

    original = path.read_bytes()
    served, whole = [], []
    for run in range(runs):
        marker = f"Preview benchmark marker {run} {time.time_ns()}"
        written = time.monotonic()
        path.write_bytes(original.replace(b"\n---\n", f"\n---\n{marker}\n\n".encode(), 1))
        try:
            served.append(wait_until(lambda marker=marker: marker in fetch(url), 60) - written)
            time.sleep(0.5)  # the full build starts after the page is served
            whole.append(wait_until(rebuilt, FIRST_BUILD_SECONDS) - written)
        finally:
            path.write_bytes(original)
        time.sleep(0.5)
        wait_until(rebuilt, FIRST_BUILD_SECONDS)
    return {
        "statements": len(list(content.glob("statements/*/*.md"))),
        "save_served_seconds": statistics.median(served),
        "whole_site_rebuilt_seconds": statistics.median(whole),
        "runs": {"save_served_seconds": served, "whole_site_rebuilt_seconds": whole},
    }


def _page_of(base: str, path: Path, content: Path) -> str:
    """The URL path of ``path``'s page, once the first build is served."""

    def first_build_served() -> bool:
        page = fetch(base + "/statements/")
        return "</html>" in page and "Building the preview" not in page

    wait_until(first_build_served, FIRST_BUILD_SECONDS)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    parse = {name: settings[name] for name in PARSE_SETTINGS}
    statement = parse_statement(str(path), path.read_bytes(), parse, new_markdown(parse))
    return "/" + statement_file(statement, settings).removesuffix("index.html")


def line(result: dict) -> str:
    return (
        f"preview at {result['statements']:,} statements: a save served in "
        f"{result['save_served_seconds']:.2f} s, the whole site rebuilt in {result['whole_site_rebuilt_seconds']:.1f} s "
        f"(median of {len(result['runs']['save_served_seconds'])})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", type=Path, help="a content folder, such as content or bench/work/2000/ours/content")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(line(latency(args.content.resolve(), args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
