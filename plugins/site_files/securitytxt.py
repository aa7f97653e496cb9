"""``/.well-known/security.txt`` (RFC 9116): where to report a security problem with the site.

``Expires`` (required) is SECURITY_TXT_EXPIRES_DAYS after the build's date
(``clock.build_time``: ``SOURCE_DATE_EPOCH`` when set, else today), at midnight
UTC, so that a published file is never expired however long the archive has
been quiet, and two builds given the same ``SOURCE_DATE_EPOCH`` (or run on the
same day) write the same file.  A build given a ``SOURCE_DATE_EPOCH`` older than
that period would write a file already expired (RFC 9116 says readers should
then ignore it): it warns.
"""

from __future__ import annotations

import datetime
import logging

from plugins.archive import clock
from plugins.archive.schema import Settings

logger = logging.getLogger(__name__)

PATH = ".well-known/security.txt"


def expires(settings: Settings) -> datetime.datetime:
    """The build's day, at midnight UTC, plus SECURITY_TXT_EXPIRES_DAYS."""
    day = clock.build_time().replace(hour=0, minute=0, second=0, microsecond=0)
    return day + datetime.timedelta(days=settings["SECURITY_TXT_EXPIRES_DAYS"])


def security_txt(settings: Settings) -> str:
    """The file's text."""
    expiry = expires(settings)
    if expiry < datetime.datetime.now(datetime.UTC):
        logger.warning("security.txt expired on %s: %s is older than SECURITY_TXT_EXPIRES_DAYS", expiry, clock.VARIABLE)
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
