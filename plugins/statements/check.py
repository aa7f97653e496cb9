"""``make check``: validate statements exactly as the build does, without building.

    python -m plugins.statements.check [--settings publishconf.py] CONTENT [FILE ...]

It calls the function the build calls before writing anything (``gate.check_archive``), with
the settings the build runs with (``plugins.build.read_build_settings``), and constructs no
Pelican object.

With FILE arguments only the problems in those files are printed (the
cross-file checks still see every statement).  Exit status 0 when there is
nothing to report, 1 otherwise.

It shares the build's parse cache (``cache.py``, ``STATEMENTS_CACHE``): a cached
result is what parsing again would give, so a check after a build, or a build
after a check, parses only the files changed since.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from plugins.archive.problems import InvalidStatements, Problem, display_path
from plugins.build import read_build_settings

from .gate import check_archive


def check(content: str, settings_file: str, files: list[str]) -> list:
    """The problems the build would report, limited to ``files`` when any are named."""
    settings = read_build_settings(settings_file, {"PATH": os.path.abspath(content)})
    try:
        check_archive(settings)
    except InvalidStatements as failure:
        chosen = {os.path.abspath(f) for f in files}
        found = [p for p in failure.problems if not chosen or os.path.abspath(p.path) in chosen]
    else:
        found = []
    return _unread(files, settings) + found


def _unread(files: list[str], settings) -> list[Problem]:
    """Named files that the build never reads, so that a mistyped name is not reported as valid."""
    folders = [os.path.join(settings["PATH"], folder) for folder in settings["ARTICLE_PATHS"]]
    allowed = "a .md file under " + " or ".join(display_path(folder) for folder in folders)
    problems = []
    for name in files:
        path = os.path.abspath(name)
        if not os.path.isfile(path):
            problems.append(Problem(name, 1, "file", "does not exist", allowed))
        elif not path.endswith(".md") or not any(path.startswith(folder + os.sep) for folder in folders):
            problems.append(Problem(name, 1, "file", "is not a statement: the build never reads it", allowed))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", help="the content folder, as given to pelican")
    parser.add_argument("files", nargs="*", help="check only these statement files")
    # The published build's settings: it writes the most files (sitemap.xml, robots.txt) that an alias could take.
    parser.add_argument("--settings", default="publishconf.py")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    problems = check(args.content, args.settings, args.files)
    for problem in problems:
        print(problem, file=sys.stderr)
    elapsed = time.perf_counter() - started
    scope = f"{len(args.files)} file(s)" if args.files else args.content
    if problems:
        print(f"{len(problems)} problem(s) in {scope} ({elapsed:.2f} s)", file=sys.stderr)
        return 1
    print(f"All statements in {scope} are valid ({elapsed:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
