"""``/.well-known/security.txt`` (RFC 9116): where to report a security problem with the site.

``Expires`` (required) is derived from the content, never from the clock, so
that two builds of one commit are identical: SECURITY_TXT_EXPIRES_DAYS after
the newest statement's date or update.  An archive that publishes at least
once a year therefore always serves a valid file; one that falls silent for
longer would serve an expired one (RFC 9116 says readers should then ignore
it), so the build warns as soon as the date it writes is already past.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from plugins.statements.schema import Settings, Statement

logger = logging.getLogger(__name__)

PATH = ".well-known/security.txt"
CONTACT_SCHEMES = ("mailto:", "https:", "tel:")


def setting_problems(settings: Settings) -> list[str]:
    """What is wrong with the SECURITY_TXT settings, one sentence each."""
    return [
        f"SECURITY_TXT_CONTACT: {contact!r} is not a {', '.join(CONTACT_SCHEMES)} URI"
        for contact in settings["SECURITY_TXT_CONTACT"]
        if not str(contact).startswith(CONTACT_SCHEMES)
    ]


def expires(statements: Iterable[Statement], settings: Settings) -> datetime.datetime:
    newest = max(max(statement.date, statement.updated or statement.date) for statement in statements)
    return newest.astimezone(datetime.UTC) + datetime.timedelta(days=settings["SECURITY_TXT_EXPIRES_DAYS"])


def security_txt(statements: list[Statement], settings: Settings) -> str:
    """The file's text; ``statements`` are those the build publishes (at least one)."""
    expiry = expires(statements, settings)
    if expiry < datetime.datetime.now(datetime.UTC):
        logger.warning(
            "security.txt expired on %s: the newest statement is older than SECURITY_TXT_EXPIRES_DAYS", expiry.date()
        )
    fields = [
        *(("Contact", contact) for contact in settings["SECURITY_TXT_CONTACT"]),
        ("Expires", expiry.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("Preferred-Languages", ", ".join(settings["SECURITY_TXT_PREFERRED_LANGUAGES"])),
    ]
    if settings["SITEURL"].startswith("https://"):
        fields.append(("Canonical", f"{settings['SITEURL']}/{PATH}"))
    if settings["SECURITY_TXT_POLICY"]:
        fields.append(("Policy", settings["SECURITY_TXT_POLICY"]))
    lines = [f"# How to report a security problem with {settings['SITENAME']} (RFC 9116)"]
    return "\n".join(lines + [f"{name}: {value}" for name, value in fields]) + "\n"
