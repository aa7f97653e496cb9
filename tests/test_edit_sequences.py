"""Any sequence of edits, each followed by a rebuild into the same output and cache, ends in the
site that a cold build of the final content writes, byte for byte.

Random sequences of the edits an archive sees (a statement added, a body, title or tags edited, a
threat level changed, a statement withdrawn, a statement deleted with its address kept as an alias of
another) are applied to a small real archive. After each edit the archive is rebuilt with the
published settings into the same output and cache, so page reuse, the parse cache, the search
index's linked chunks and the staging swap all work from the last build. After the last edit a
cold build of the same content into a fresh output and cache must write the same files. The
archive keeps no ledger of published statements, which would refuse a deletion (test_publishing).
"""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, given, note, settings
from hypothesis import strategies as st

from tests.support import BODY, TRICKY_TITLE, build, stable, tree, write_statement

LEVELS = ["LOW", "MODERATE", "SUBSTANTIAL", "SEVERE", "CRITICAL"]
CATEGORIES = ["Counter-terrorism", "Arrests and charges", "Major events", "Public safety advice"]
TAGS = ["Rail", "Arrests", "Ashbridge", "Festive"]
DATES = ["2016-03-10", "2018-07-21", "2018-07-30", "2019-11-02", "2021-01-15", "2023-06-30"]
TITLES = [
    "Road closures in Ashbridge",
    "Update on the incident at the station",
    TRICKY_TITLE,
    "Gwasanaeth Heddlu: café closures",
]
PARAGRAPHS = [
    BODY,
    "Officers attended the scene.\n\nThe harbourside patrols continue tonight.\n",
    "## What we know\n\n- Two arrests\n- One charge\n\nCall [0800 789 321](tel:0800789321).\n",
]


@dataclass
class Statement:
    """One statement of the archive as the test writes it: its front matter and body."""

    date: str
    fields: dict[str, Any]
    body: str = BODY


@dataclass
class Archive:
    """The content folder and what the test knows it holds, written back file by file as it changes."""

    content: Path
    statements: dict[str, Statement] = field(default_factory=dict)
    added: int = 0

    def write(self, name: str) -> None:
        statement = self.statements[name]
        write_statement(self.content, name, statement.body, date=statement.date, **statement.fields)

    def add(self, date: str, **fields: Any) -> None:
        self.added += 1
        name = f"{date}-statement-{self.added}"  # never a name used before: its address is new
        self.statements[name] = Statement(date, fields)
        self.write(name)

    def delete(self, name: str, heir: str) -> None:
        """Delete ``name``, its address and old addresses becoming aliases of ``heir`` (redirects)."""
        gone = self.statements.pop(name)
        (self.content / "statements" / gone.date[:4] / f"{name}.md").unlink()
        old = [*gone.fields.get("aliases", []), address(name)]
        self.statements[heir].fields["aliases"] = [*self.statements[heir].fields.get("aliases", []), *old]
        self.write(heir)


def address(name: str) -> str:
    """A statement's URL from its file name ``YYYY-MM-DD-slug`` (pelicanconf.py's ARTICLE_URL)."""
    year, month, _, slug = name.split("-", 3)
    return f"statements/{year}/{month}/{slug}/"


def withdrawal(statement: Statement) -> dict[str, str]:
    withdrawn = datetime.date.fromisoformat(statement.date) + datetime.timedelta(days=3)
    return {"status": "withdrawn", "withdrawn_reason": "Issued in error.", "withdrawn_date": withdrawn.isoformat()}


def starting_archive(content: Path) -> Archive:
    """Five statements across levels, categories, tags and years, one of them withdrawn."""
    archive = Archive(content)
    archive.add(DATES[0], threat_level="SEVERE", category=CATEGORIES[0], tags=["Rail"])
    archive.add(DATES[1], threat_level="SUBSTANTIAL", category=CATEGORIES[1], tags=["Rail", "Arrests"])
    archive.add(DATES[1], threat_level="SUBSTANTIAL", category=CATEGORIES[2], tags=[], title=TITLES[1])
    archive.add(DATES[3], threat_level="CRITICAL", category=CATEGORIES[0], tags=["Ashbridge"], title=TITLES[2])
    archive.add(DATES[4], threat_level="MODERATE", category=CATEGORIES[3], tags=["Festive", "Rail"])
    last = max(archive.statements)
    archive.statements[last].fields.update(withdrawal(archive.statements[last]))
    archive.write(last)
    return archive


def apply_edit(archive: Archive, data: st.DataObject) -> str:
    """Draw one edit that the archive's content allows, make it, and return what it was."""
    names = sorted(archive.statements)
    kinds = ["add", "body", "title", "level", "tags", "withdraw"] + (["delete"] * (len(names) > 1))
    kind = data.draw(st.sampled_from(kinds), label="edit")
    event(kind)  # pytest --hypothesis-show-statistics shows how often each kind of edit was drawn
    tags = data.draw(st.lists(st.sampled_from(TAGS), unique=True, max_size=2), label="tags")
    if kind == "add":
        date, level = data.draw(st.sampled_from(DATES)), data.draw(st.sampled_from(LEVELS))
        archive.add(date, threat_level=level, category=data.draw(st.sampled_from(CATEGORIES)), tags=tags)
        return f"add {date} {level} {tags}"
    name = data.draw(st.sampled_from(names), label="statement")
    statement = archive.statements[name]
    if kind == "delete":
        heir = data.draw(st.sampled_from([other for other in names if other != name]), label="alias on")
        archive.delete(name, heir)
        return f"delete {name}, alias on {heir}"
    if kind == "body":
        statement.body = data.draw(st.sampled_from(PARAGRAPHS)) + data.draw(st.sampled_from(["", "\nMore.\n"]))
    elif kind == "title":
        statement.fields["title"] = data.draw(st.sampled_from(TITLES))
    elif kind == "level":
        statement.fields["threat_level"] = data.draw(st.sampled_from(LEVELS))
    elif kind == "tags":
        statement.fields["tags"] = tags
    else:
        statement.fields.update(withdrawal(statement))
    archive.write(name)
    return f"{kind} {name}"


def publish(content: Path, output: Path) -> Path:
    """The published build (staging, swap, page reuse); its cache beside ``output``."""
    return build(content, output, "publishconf.py", SITEURL="")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):
    """A fresh folder for each example (hypothesis runs many in one test call)."""
    return lambda: tmp_path_factory.mktemp("edits")


@settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    # No shrinking: each example costs several builds, and its notes already name every edit.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_rebuilding_after_each_edit_ends_in_what_a_cold_build_writes(workspace, data):
    folder = workspace()
    archive = starting_archive(folder / "content")
    output = publish(archive.content, folder / "output")
    for step in range(data.draw(st.integers(1, 4), label="edits")):
        note(f"edit {step + 1}: {apply_edit(archive, data)}")
        publish(archive.content, output)
    rebuilt, cold = stable(tree(output)), stable(tree(publish(archive.content, folder / "cold")))
    assert sorted(name for name in rebuilt.keys() | cold.keys() if rebuilt.get(name) != cold.get(name)) == []
    shutil.rmtree(folder)
