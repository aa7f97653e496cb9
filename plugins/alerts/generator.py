"""The generator that writes the CAP alerts, their Atom index, and the current level as JSON and SVG."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from plugins.feeds import Site

from .cap import cap_document
from .current import badge_colours, current_json, current_svg
from .index import index_atom
from .timeline import Alert, Timeline, replay

STYLESHEET = Path("static") / "css" / "site.css"


class AlertsGenerator(Generator):
    """Runs after the threat_levels plugin put the history in the context."""

    def generate_output(self, writer) -> None:
        self.site = Site(self.settings)
        timeline = replay(self.context["articles"], self.context["hidden_articles"])
        alerts = timeline.alerts
        for alert in alerts:
            self.save(self.alert_path(alert), cap_document(alert, self.settings, self.site))
        index_path = self.settings["ALERTS_INDEX_SAVE_AS"]
        page_url = self.site.absolute(self.settings["THREAT_LEVELS_URL"])
        index = index_atom(alerts[::-1], self.site.absolute(index_path), page_url, self.alert_url, self.site)
        self.save(index_path, index)
        self.write_current_level(timeline)

    def write_current_level(self, timeline: Timeline) -> None:
        current = self.context["current_threat_level"]
        if not current:
            return
        links = {
            "archive": self.site.absolute(""),
            "threat_levels_page": self.site.absolute(self.settings["THREAT_LEVELS_URL"]),
            "alerts": self.site.absolute(self.settings["ALERTS_INDEX_SAVE_AS"]),
        }
        self.save(self.settings["CURRENT_LEVEL_JSON_SAVE_AS"], current_json(current, timeline, self.site, links))
        colours = badge_colours(Path(self.settings["THEME"]) / STYLESHEET)
        self.save(self.settings["CURRENT_LEVEL_SVG_SAVE_AS"], current_svg(current, colours, self.site))

    def alert_path(self, alert: Alert) -> str:
        return self.settings["ALERTS_SAVE_AS"].format(id=alert.identifier)

    def alert_url(self, alert: Alert) -> str:
        return self.site.absolute(self.alert_path(alert))

    def save(self, path: str, content: bytes) -> None:
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
