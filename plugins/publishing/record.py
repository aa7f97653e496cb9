"""``make ledger``: record newly published statements in the ledger (``ledger.py``).

    python -m plugins.publishing.record [--settings pelicanconf.py] CONTENT

Validates the content exactly as the build does, with the build's own check and
without building (``plugins.statements.check_archive``: a broken ledger entry stops it), then adds every public statement the ledger does not know yet, and every
new URL of one it knows, and says what it added.  Commit the file afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

from plugins.archive.problems import display_path
from plugins.archive.schema import Statement
from plugins.build import read_build_settings
from plugins.statements import check_archive

from . import ledger


def update(content: str, settings_file: str) -> tuple[str, list[Statement]]:
    """Record every public statement of ``content`` in its ledger; the path and the newly recorded."""
    # No reminder to record the statements this records.
    settings = read_build_settings(
        settings_file, {"PATH": os.path.abspath(content), "PUBLISHED_LEDGER_REMINDER": False}
    )
    statements = check_archive(settings).statements
    now = datetime.datetime.now(datetime.UTC)
    new = ledger.unrecorded(statements, settings, now)
    path = ledger.ledger_path(settings)
    if new:
        ledger.write(path, ledger.recorded(ledger.read(path)[0], new, settings))
    return path, new


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", help="the content folder, as given to pelican")
    parser.add_argument("--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    path, new = update(args.content, args.settings)
    if not new:
        print(f"{display_path(path)} already records every published statement")
        return 0
    for statement in new:
        print(f"recorded {statement.id}")
    print(f"{display_path(path)}: {len(new)} statement(s) recorded; commit it with the statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
