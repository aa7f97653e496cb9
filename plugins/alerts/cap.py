"""Changes of the national threat level as OASIS CAP 1.2 documents, written with lxml.

Which messages there are, and what each references, is worked out in ``timeline.py``;
this module writes each one.  Nothing reads the clock: every date is a statement's.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from plugins.archive.levels import ThreatLevel
from plugins.archive.problems import InvalidSetting
from plugins.feeds import Site, in_site_language, withdrawal_notice

from .timeline import CANCEL, LEVEL_NOW, Alert

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
MEDIA_TYPE = "application/cap+xml"
EVENT = "National threat level change"
# The sender of a build with no SITEURL (a development build).
DEVELOPMENT_SENDER = "example.invalid"
# CAP's identifiers and sender may not hold these: <references> separates its parts with them.
CAP_RESTRICTED = re.compile(r"[\s,<&]")
# CAP 1.2's values of <urgency>, <severity> and <certainty>, the order of each CAP_LEVELS value.
CAP_SCALES = {
    "urgency": ("Immediate", "Expected", "Future", "Past", "Unknown"),
    "severity": ("Extreme", "Severe", "Moderate", "Minor", "Unknown"),
    "certainty": ("Observed", "Likely", "Possible", "Unlikely", "Unknown"),
}


def check_settings(settings: Mapping[str, Any]) -> None:
    """Raise ``InvalidSetting`` for the first of CAP_SENDER, CAP_LEVELS and CAP_INSTRUCTIONS that would make an invalid alert."""
    sender = settings["CAP_SENDER"]
    if sender is not None and (not isinstance(sender, str) or not sender or CAP_RESTRICTED.search(sender)):
        raise InvalidSetting("CAP_SENDER", sender, "a name without spaces, commas, < or &")
    levels, instructions = (settings[name] for name in ("CAP_LEVELS", "CAP_INSTRUCTIONS"))
    scales = " ".join(f"{name} ({'|'.join(values)})" for name, values in CAP_SCALES.items())
    for level in ThreatLevel:
        values = levels.get(level.name) if isinstance(levels, Mapping) else None
        if not _on_cap_scales(values):
            raise InvalidSetting(f"CAP_LEVELS[{level.name!r}]", values, f"three of CAP's values: {scales}")
        instruction = instructions.get(level.name) if isinstance(instructions, Mapping) else None
        if not isinstance(instruction, str) or not instruction.strip():
            raise InvalidSetting(f"CAP_INSTRUCTIONS[{level.name!r}]", instruction, "the public advice, as text")


def _on_cap_scales(values: Any) -> bool:
    """Whether ``values`` is an (urgency, severity, certainty) of CAP's own values."""
    if not isinstance(values, list | tuple) or len(values) != len(CAP_SCALES):
        return False
    return all(value in scale for scale, value in zip(CAP_SCALES.values(), values, strict=True))


def cap_time(moment: datetime.datetime) -> str:
    """CAP's dateTime: whole seconds and a numeric offset (CAP forbids "Z")."""
    return moment.replace(microsecond=0).isoformat()


def sender(settings: Mapping[str, Any], site: Site) -> str:
    """CAP_SENDER, or the site's host: CAP asks for a name unique in the world, such as a domain."""
    return settings["CAP_SENDER"] or urlsplit(site.url).hostname or DEVELOPMENT_SENDER


def cap_document(alert: Alert, settings: Mapping[str, Any], site: Site) -> bytes:
    """The alert as a CAP 1.2 document."""
    root = etree.Element(f"{{{CAP_NAMESPACE}}}alert", nsmap={None: CAP_NAMESPACE})
    from_sender = sender(settings, site)
    _add(root, "identifier", alert.identifier)
    _add(root, "sender", from_sender)
    _add(root, "sent", cap_time(alert.sent))
    _add(root, "status", "Actual")
    _add(root, "msgType", alert.msg_type)
    _add(root, "scope", "Public")
    if alert.kind == CANCEL:
        _add(root, "note", withdrawal_notice(alert.article.statement, site))
    if alert.references:
        reference = alert.references
        _add(root, "references", f"{from_sender},{reference.identifier},{cap_time(reference.sent)}")
    _add_info(root, alert, settings, site)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def description(alert: Alert, site: Site) -> str:
    """What the alert says in full: the new level and its meaning, the old one, the statement's summary."""
    statement = alert.article.statement
    if alert.kind == CANCEL:
        return f"{withdrawal_notice(statement, site)} It had announced: {alert.headline.removeprefix('Withdrawn: ')}."
    if alert.kind == LEVEL_NOW:
        return (
            f"{withdrawal_notice(statement, site)} It had changed the level from {alert.before.name} to "
            f"{statement.threat_level.name}. The national threat level is now {alert.level.name}: {alert.level.meaning}."
        )
    return (
        f"The national threat level is now {alert.level.name}: {alert.level.meaning}. "
        f"It was {alert.before.name}: {alert.before.meaning}."
        # The alert is in the site's language: a statement in another gives no sentence to it.
        + (f" {statement.summary}" if in_site_language(statement, site) else "")
    )


def _add_info(root: etree._Element, alert: Alert, settings: Mapping[str, Any], site: Site) -> None:
    statement = alert.article.statement
    # A cancel describes the level the withdrawn change had replaced; the message that follows it, the level now.
    level = alert.before if alert.kind == CANCEL else alert.level
    urgency, severity, certainty = settings["CAP_LEVELS"][level.name]
    info = _add(root, "info")
    for name, text in (
        ("language", site.language),  # the language of the alert's own words, whatever the statement's
        ("category", "Security"),
        ("event", EVENT),
        ("urgency", urgency),
        ("severity", severity),
        ("certainty", certainty),
        ("senderName", site.name),
        ("headline", alert.headline),
        ("description", description(alert, site)),
        ("instruction", None if alert.kind == CANCEL else settings["CAP_INSTRUCTIONS"][level.name]),
        ("web", site.absolute(alert.article.url)),
        ("contact", _contact(statement.contact)),
    ):
        if text:
            _add(info, name, text)
    if settings["CAP_AREA"]:
        _add(_add(info, "area"), "areaDesc", settings["CAP_AREA"])


def _contact(contact) -> str | None:
    if not contact:
        return None
    return ", ".join(part for part in (contact.phone, contact.email, contact.url) if part) or None


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{CAP_NAMESPACE}}}{name}")
    element.text = text
    return element
