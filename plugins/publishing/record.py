"""``make ledger``: record newly published statements in the ledger (``ledger.py``).

    python -m plugins.publishing.record [--settings pelicanconf.py] CONTENT

Validates the content exactly as the build does (a broken ledger entry stops
it), then adds every public statement the ledger does not know yet, and every
new URL of one it knows, and says what it added.  Commit the file afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

from pelican.settings import read_settings

from plugins.archive.problems import display_path
from plugins.archive.schema import Statement
from plugins.statements import every_statement, validated

from . import ledger


def update(content: str, settings_file: str) -> tuple[str, list[Statement]]:
    """Record every public statement of ``content`` in its ledger; the path and the newly recorded."""
    # No reminder to record the statements this records.
    settings = read_settings(
        settings_file, override={"PATH": os.path.abspath(content), "PUBLISHED_LEDGER_REMINDER": False}
    )
    generator = validated(settings)
    now = datetime.datetime.now(datetime.UTC)
    statements = every_statement(generator.context)
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
