"""The generator that writes the threat-levels page and one listing page per level."""

from __future__ import annotations

import os

from pelican.generators import Generator

from .history import in_date_order
from .timeline import timeline_svg


class ThreatLevelPages(Generator):
    """Writes ``THREAT_LEVELS_SAVE_AS`` and, for every level, ``THREAT_LEVEL_SAVE_AS`` (paginated)."""

    def generate_output(self, writer) -> None:
        context = self.context
        relative_urls = self.settings["RELATIVE_URLS"]
        current = context["current_threat_level"]
        first = in_date_order(context["articles"])[0] if current else None
        save_as = self.settings["THREAT_LEVELS_SAVE_AS"]
        writer.write_file(
            save_as,
            self.get_template("threat_levels"),
            context,
            relative_urls=relative_urls,
            template_name="threat_levels",
            url=self.settings["THREAT_LEVELS_URL"],
            page_name=os.path.splitext(save_as)[0],
            first_statement=first,
            timeline=current and timeline_svg(first, context["threat_level_changes"], current),
        )
        template = self.get_template("threat_level")
        for level_page in context["threat_level_pages"]:
            writer.write_file(
                level_page.save_as,
                template,
                context,
                relative_urls=relative_urls,
                paginated={"articles": level_page.articles},
                template_name="threat_level",
                url=level_page.url,
                page_name=os.path.splitext(level_page.save_as)[0],
                level_page=level_page,
                articles=level_page.articles,
            )
