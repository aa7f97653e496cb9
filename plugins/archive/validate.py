"""Turn one statement file into a ``Statement``, or into every problem it has."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import replace
from pathlib import PurePath
from typing import Any

import markdown

from . import attachments, frontmatter, safety, values
from .problems import FieldError, FieldErrors, Problem
from .schema import FIELDS, REQUIRED_FIELDS, Settings, Statement

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
PAGE_FIELDS = ("title", "slug", "summary")


def new_markdown(settings: Settings) -> markdown.Markdown:
    return markdown.Markdown(**settings["MARKDOWN"])


def parse_statement(path: str, raw: bytes, settings: Settings, md: markdown.Markdown) -> Statement | list[Problem]:
    """The statement in ``raw`` (the bytes of the file at ``path``), or its problems."""
    problems: list[Problem] = []
    report = _reporter(path, problems)
    document = _document(raw, report)
    if document is None:
        return problems

    fields = _parse_fields(document.front_matter, FIELDS, settings, report)
    for name in REQUIRED_FIELDS:
        if name not in document.front_matter:
            report(FieldError("is missing", line=1), name, FIELDS[name].allowed_text(settings))
    for error in _cross_field_errors(fields, document.front_matter):
        report(error, error.field or "")

    body_html, attached = _render_body(document, md, report)
    slug = fields.get("slug") or _slug_from_file_name(path, report)
    if problems:
        return problems
    statement = Statement(
        source_path=path,
        id=fields.get("id") or default_id(fields["date"], path),
        slug=slug,
        body_html=body_html,
        attachments=attached,
        lang=fields.get("lang") or values.site_language(settings["DEFAULT_LANG"]),
        lines={str(key): key.line for key in document.front_matter},
        **{name: value for name, value in fields.items() if name not in ("id", "slug", "lang")},
    )
    return statement


def parse_page(path: str, raw: bytes, settings: Settings, md: markdown.Markdown) -> dict[str, Any] | list[Problem]:
    """A fixed page (about, ...): title, optional slug and summary, and its HTML."""
    problems: list[Problem] = []
    report = _reporter(path, problems)
    document = _document(raw, report)
    if document is None:
        return problems
    page_fields = {name: replace(FIELDS[name], required=name == "title") for name in PAGE_FIELDS}
    fields = _parse_fields(document.front_matter, page_fields, settings, report)
    if "title" not in document.front_matter:
        report(FieldError("is missing", line=1), "title", "text")
    body_html, attached = _render_body(document, md, report)
    return problems or {**fields, "body_html": body_html, "attachments": attached}


def _reporter(path: str, problems: list[Problem]):
    """A function that records a ``FieldError`` in ``path`` as a ``Problem``."""

    def report(error: FieldError, field: str, allowed: str = "") -> None:
        problems.append(Problem(path, error.line or 1, error.field or field, error.message, allowed))

    return report


def _document(raw: bytes, report) -> frontmatter.Document | None:
    try:
        return frontmatter.split(frontmatter.decode(raw))
    except FieldError as error:
        report(error, "file", error.allowed)
        return None


def _parse_fields(front_matter: dict, fields: dict, settings: Settings, report) -> dict[str, Any]:
    parsed = {}
    for key, raw in front_matter.items():
        field = fields.get(str(key))
        if field is None:
            suggestion = difflib.get_close_matches(str(key), fields, n=1)
            hint = f" (did you mean {suggestion[0]}?)" if suggestion else ""
            name = str(key) if str(key).strip() else repr(str(key))  # a blank name is shown quoted
            report(FieldError(f"unknown field{hint}", line=key.line), name, "fields: " + ", ".join(fields))
            continue
        try:
            parsed[field.name] = field.parse(raw, settings)
        except (FieldError, FieldErrors) as failure:
            for error in getattr(failure, "errors", [failure]):
                nested = f"{field.name}.{error.field}" if error.field else field.name
                allowed = error.allowed or field.allowed_text(settings)
                report(FieldError(error.message, line=error.line or key.line), nested, allowed)
    return parsed


def _cross_field_errors(fields: dict[str, Any], front_matter: dict):
    def line(name: str) -> int:
        return next((key.line for key in front_matter if key == name), 1)

    given = {str(key) for key in front_matter}
    date = fields.get("date")
    for name in ("updated", "withdrawn_date"):
        if date and fields.get(name) and fields[name] < date:
            yield FieldError("is before the statement's date", line=line(name), field=name)
    for correction in fields.get("corrections", ()):
        if date and correction.date < date:
            yield FieldError(
                "a correction is dated before the statement", line=line("corrections"), field="corrections"
            )
    withdrawn = fields.get("status") == "withdrawn"
    for name, what in (("withdrawn_reason", "saying why"), ("withdrawn_date", "the day it was withdrawn")):
        if withdrawn and name not in given:  # a value given but wrong has its own problem
            yield FieldError(f"a withdrawn statement needs {name}: {what}", line=line("status"), field="status")
    for name, what in (("withdrawn_reason", "a reason"), ("withdrawn_date", "a withdrawal date")):
        if name in fields and not withdrawn:
            yield FieldError(f"only a statement with status: withdrawn has {what}", line=line(name), field=name)


def _render_body(
    document: frontmatter.Document, md: markdown.Markdown, report
) -> tuple[str, tuple[attachments.Attachment, ...]]:
    """The body as it is published, after every check of ``safety`` that it must pass, and the files it links to."""
    if not document.body.strip():
        report(
            FieldError("is empty", line=document.closing_line),
            "body",
            "the statement's text in Markdown after the closing '---'",
        )
        return "", ()
    if too_big := safety.too_big_for_markdown(document.body):
        index, message, allowed = too_big
        report(FieldError(message, line=document.body_line + index), "body", allowed)
        return "", ()
    md.reset()
    try:
        html = md.convert(document.body)
    except RecursionError:  # a nesting the counts before Markdown did not foresee
        report(FieldError("is nested too deeply for Markdown", line=document.body_line), "body", safety.NESTING_ALLOWED)
        return "", ()
    published, refusals = safety.check(html)
    paths: list[str] = []
    if not refusals:  # the links are resolved in a body known to be whole, and the result checked again
        resolved, paths, link_refusals = attachments.resolve(html)
        if resolved is not html:
            published, refusals = safety.check(resolved)
        refusals = [*refusals, *link_refusals]
    # One problem per refusal and line: a table's aligned column styles every cell.
    for refusal, line in dict.fromkeys((r, _source_line(document, r.source)) for r in refusals):
        report(FieldError(refusal.what, line=line), "body", refusal.allowed)
    found = (attachments.Attachment(p, _source_line(document, re.escape(PurePath(p).name))) for p in paths)
    return published, tuple(dict.fromkeys(found))


def _source_line(document: frontmatter.Document, pattern: str) -> int:
    """The line of the body where ``pattern`` first matches (a value may run over lines), else its first line."""
    found = re.search(pattern, document.body, re.IGNORECASE)
    return document.body_line + (document.body.count("\n", 0, found.start()) if found else 0)


def _file_stem(path: str) -> str:
    return _DATE_PREFIX.sub("", PurePath(path).stem)


def default_id(date: datetime.datetime, path: str) -> str:
    """The id of a statement without ``id:``: its date and its file name without the date."""
    return f"{date:%Y-%m-%d}-{_file_stem(path)}"


def default_slug(path: str) -> str:
    """The slug of a statement without ``slug:``: its file name without the date, in lower case."""
    return _file_stem(path).lower()


def _slug_from_file_name(path: str, report) -> str:
    slug = default_slug(path)
    if not _SLUG.fullmatch(slug):
        report(
            FieldError(
                f"the file name {PurePath(path).name!r} does not make a URL: rename the file or add slug:", line=1
            ),
            "slug",
            FIELDS["slug"].allowed_text({}),
        )
    return slug
