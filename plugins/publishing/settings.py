"""The publishing plugin's settings, each with its default and what it does, and what each must be."""

from plugins.archive.setting_rules import text

DEFAULTS = {
    # The ledger of every statement ever published (id and every URL it has had), relative to PATH.
    "PUBLISHED_LEDGER": "published.json",
    # Warn of published statements the ledger does not record yet (run make ledger); make publish turns
    # it off, since it records them itself once the build has succeeded.
    "PUBLISHED_LEDGER_REMINDER": True,
}

RULES = {
    "PUBLISHED_LEDGER": text("a path relative to PATH"),
}
