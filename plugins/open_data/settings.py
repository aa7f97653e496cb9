"""The open data plugin's settings, each with its default and what it does, and what each must be.

The plugin also reads SITEURL and SITENAME.  The four files are best kept in one folder: the
data package names the CSV file by its path from the package's own folder.
"""

from plugins.archive.setting_rules import mapping, text

DEFAULTS = {
    # The whole archive as one dataset: every published and withdrawn statement, oldest first (never a
    # draft nor an embargoed one), as JSON (with each statement's text) and as CSV (one row a statement).
    "OPEN_DATA_JSON_SAVE_AS": "data/statements.json",
    "OPEN_DATA_CSV_SAVE_AS": "data/statements.csv",
    # The JSON Schema of the JSON file (plugins/open_data/statements.schema.json, copied here).
    "OPEN_DATA_SCHEMA_SAVE_AS": "data/statements.schema.json",
    # The Frictionless Data package (datapackage.json) describing the CSV file: its columns and licence.
    "OPEN_DATA_PACKAGE_SAVE_AS": "data/datapackage.json",
    # The licence of the data: its short name, its title and the address of its text.
    "OPEN_DATA_LICENCE": {
        "name": "OGL-UK-3.0",
        "title": "Open Government Licence v3.0",
        "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
}

PATH = text("a path below the output")
RULES = {
    "OPEN_DATA_JSON_SAVE_AS": PATH,
    "OPEN_DATA_CSV_SAVE_AS": PATH,
    "OPEN_DATA_SCHEMA_SAVE_AS": PATH,
    "OPEN_DATA_PACKAGE_SAVE_AS": PATH,
    "OPEN_DATA_LICENCE": mapping("a mapping of name, title and path to text", text(), ("name", "title", "path")),
}
