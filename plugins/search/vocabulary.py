"""The archive's own words, for the search page's "Did you mean …?".

The search page downloads this list only when a word of a query is in no statement, and offers
the archive's words nearest to it.  Each word is written as statements spell it (lower case), with
the number of published statements that hold it, most common first: a suggestion is a word a
reader can search, and the commoner of two equally near words is the likelier meant.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup

from plugins.archive.schema import Statement

# The file's name, in the bundle's folder: made and kept with the index, from the same statements.
WORDS = "words.json"
# Words of three letters or more: shorter ones are too many to suggest from.
WORD = re.compile(r"[^\W\d_]{3,}")


def words_of(statement: Statement) -> set[str]:
    """The words of a statement's title, summary, body and tags, in lower case."""
    text = " ".join((statement.title, statement.summary, Markup(statement.body_html).striptags(), *statement.tags))
    return set(WORD.findall(text.lower()))


def vocabulary(statements: Iterable[Statement]) -> list[tuple[str, int]]:
    """Every word of ``statements`` and how many hold it, most common first (ties in alphabetical order)."""
    counts = Counter(word for statement in statements for word in words_of(statement))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def write_vocabulary(path: Path, statements: Iterable[Statement]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(vocabulary(statements), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
