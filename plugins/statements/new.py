"""``make new``: start a statement file with complete front matter.

    make new TITLE="Update on the Ashbridge incident" LEVEL=SEVERE CATEGORY="Counter-terrorism"
    python -m plugins.statements.new --title ... --level ... --category ... [--slug ...] [--content content]

Writes ``<content>/statements/YYYY/YYYY-MM-DD-<slug>.md`` dated today in UK
time, with a new permanent ``id`` that no statement has, and prints its path.
The summary, the issuer and the contact details are placeholders, in double quotes so that
apostrophes and colons can be typed inside them, that
``make check`` refuses until they are written; so is the empty body.  An
existing file is never overwritten: a second statement of the same name on the
same day (or in the same month, which shares its URL folder) gets ``-2``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import sys
import unicodedata
from pathlib import Path

from pelican.settings import read_settings

from plugins.archive import frontmatter
from plugins.archive.levels import ThreatLevel
from plugins.archive.problems import FieldError, display_path
from plugins.archive.schema import CONTACT_FIELDS, FIELDS, Settings
from plugins.archive.validate import default_id, default_slug
from plugins.archive.values import PLACEHOLDER, UK_TIME

USAGE = 'make new TITLE="Statement headline" LEVEL=SEVERE CATEGORY="Counter-terrorism"'
# A file name, and so a URL, of at most this many characters before any -2 (whole words only).
SLUG_LENGTH = 60
NEXT_STEPS = (
    "Next: open {path}, replace every FILL IN, typing inside the double quotes\n"
    "(delete the contact lines you do not need, or all of them),\n"
    "write the statement below the last '---' line, then run: make check FILES=\"{path}\""
)


class WrongArguments(Exception):
    """Every wrong or missing argument, each with the values allowed."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], usage=USAGE)
    parser.add_argument("--title", default="", help="the headline (make: TITLE)")
    parser.add_argument("--level", default="", help="the national threat level (make: LEVEL)")
    parser.add_argument("--category", default="", help="one of the archive's categories (make: CATEGORY)")
    parser.add_argument("--slug", default="", help="the file name and URL, when the title gives none (make: SLUG)")
    parser.add_argument("--content", default="content", help="the content folder (make: CONTENT)")
    parser.add_argument("--settings", default="pelicanconf.py", help="the Pelican settings file")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    try:
        path = create(args.title, args.level, args.category, args.slug, Path(args.content), settings)
    except WrongArguments as wrong:
        print(f"{wrong}\n\nUsage: {USAGE}", file=sys.stderr)
        return 2
    shown = display_path(str(path))
    print(shown)
    print(NEXT_STEPS.format(path=shown), file=sys.stderr)
    return 0


def create(title: str, level: str, category: str, slug: str, content: Path, settings: Settings) -> Path:
    """Write the new statement's file and return its path."""
    chosen = _checked(title, level, category, slug, settings)
    today = datetime.datetime.now(UK_TIME).date()
    ids, outputs = _taken(content, settings)
    path = _free_name(content / settings["ARTICLE_PATHS"][0] / f"{today:%Y}", today, chosen["slug"], outputs, settings)
    text = _front_matter(chosen, today, _new_id(today, ids))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(f"---\n{text}---\n")
    return path


def _front_matter(chosen: dict, today: datetime.date, identifier: str) -> str:
    """The new file's fields, one a line; what the maintainer types goes inside double quotes."""
    fields = {
        "title": _quoted(chosen["title"]),
        "date": today.isoformat(),
        "id": identifier,
        "threat_level": chosen["threat_level"].name,
        "category": chosen["category"],
        "tags": "[]",
        "summary": _quoted(f"{PLACEHOLDER}: {FIELDS['summary'].doc}"),
        "issuer": _quoted(f"{PLACEHOLDER}: {FIELDS['issuer'].doc}"),
    }
    lines = [f"{name}: {value}" for name, value in fields.items()]
    lines.append("contact:")
    for name, (_, allowed) in CONTACT_FIELDS.items():
        lines.append(f"  {name}: {_quoted(f'{PLACEHOLDER} {allowed}, or delete this line')}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """``text`` in double quotes, which keep apostrophes and colons typed inside them (JSON's are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _checked(title: str, level: str, category: str, slug: str, settings: Settings) -> dict:
    """The arguments parsed by the schema's own parsers; every wrong one is reported, with what is allowed."""
    categories = "".join(f'\n  CATEGORY="{name}"' for name in settings["STATEMENT_CATEGORIES"])
    arguments = {  # make variable: (field, value, allowed)
        "TITLE": ("title", title, ' the headline in quotes, such as TITLE="Update on the Ashbridge incident"'),
        "LEVEL": ("threat_level", level, " " + ", ".join(ThreatLevel.names())),
        "CATEGORY": ("category", category, categories),
    }
    chosen, errors = {}, []
    for variable, (field, value, allowed) in arguments.items():
        try:
            chosen[field] = _parse(field, value, settings)
        except FieldError as error:
            errors.append(f"{variable}: {error.message}; allowed:{allowed}")
    if errors:
        raise WrongArguments("\n".join(errors))
    try:
        chosen["slug"] = _parse("slug", slug or _slug_from(title), settings)
    except FieldError as error:
        reason = error.message if slug else "the title has no Latin letters or digits to name the file after"
        allowed = f"{FIELDS['slug'].allowed}, such as SLUG=ashbridge-update"
        raise WrongArguments(f"SLUG: {reason}; allowed: {allowed}") from None
    return chosen


def _parse(field: str, value: str, settings: Settings):
    if not value.strip():
        raise FieldError("is missing")
    return FIELDS[field].parse(value, settings)


def _slug_from(title: str) -> str:
    """Lower-case ASCII words of the title joined by hyphens, cut at a word to SLUG_LENGTH."""
    ascii_title = unicodedata.normalize("NFKD", title.replace("'", "")).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_title.lower()):
        if slug and len(slug) + 1 + len(word) > SLUG_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _taken(content: Path, settings: Settings) -> tuple[set[str], set[str]]:
    """The ids and output paths of the statements already in ``content``, read from their front matter."""
    ids, outputs = set(), set()
    for folder in settings["ARTICLE_PATHS"]:
        for path in (content / folder).rglob("*.md"):
            try:
                fields = frontmatter.split(frontmatter.decode(path.read_bytes())).front_matter
                date = FIELDS["date"].parse(fields["date"], settings)
            except (FieldError, KeyError):
                continue  # make check reports a broken file; _free_name still avoids its file name
            ids.add(str(fields.get("id") or default_id(date, str(path))))
            outputs.add(_output(str(fields.get("slug") or default_slug(str(path))), date, settings))
    return ids, outputs


def _output(slug: str, date: datetime.date, settings: Settings) -> str:
    return os.path.normpath(settings["ARTICLE_SAVE_AS"].format(slug=slug, date=date))


def _free_name(folder: Path, day: datetime.date, slug: str, outputs: set[str], settings: Settings) -> Path:
    """The file for the first of slug, slug-2, slug-3, ... whose file and URL are both free."""
    candidate, number = slug, 1
    while (folder / f"{day}-{candidate}.md").exists() or _output(candidate, day, settings) in outputs:
        number += 1
        candidate = f"{slug}-{number}"
    return folder / f"{day}-{candidate}.md"


def _new_id(day: datetime.date, ids: set[str]) -> str:
    """The date and six random hex digits: permanent, and independent of the title."""
    while (identifier := f"{day}-{secrets.token_hex(3)}") in ids:
        pass
    return identifier


if __name__ == "__main__":
    sys.exit(main())
