"""The open data plugin's settings, each declared once: its default, what it must be and what it does.

The plugin also reads SITEURL and SITENAME.  The four files are best kept in one folder: the
data package names the CSV file by its path from the package's own folder.
"""

from plugins.archive.setting_rules import Setting, mapping, text

PATH = text("a path below the output")

SETTINGS = (
    Setting(
        "OPEN_DATA_JSON_SAVE_AS",
        "data/statements.json",
        PATH,
        doc=(
            "every published and withdrawn statement, oldest first, with its text, as JSON (never a draft nor an "
            "embargoed statement)"
        ),
    ),
    Setting(
        "OPEN_DATA_CSV_SAVE_AS",
        "data/statements.csv",
        PATH,
        doc="the same statements as CSV, one row each, without the text",
    ),
    Setting(
        "OPEN_DATA_SCHEMA_SAVE_AS",
        "data/statements.schema.json",
        PATH,
        doc="the JSON Schema of the JSON file (`plugins/open_data/statements.schema.json`)",
    ),
    Setting(
        "OPEN_DATA_PACKAGE_SAVE_AS",
        "data/datapackage.json",
        PATH,
        doc=(
            "the Frictionless Data package describing the CSV (its Table Schema and licence); keep it in the CSV's "
            "folder"
        ),
    ),
    Setting(
        "OPEN_DATA_LICENCE",
        {
            "name": "OGL-UK-3.0",
            "title": "Open Government Licence v3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        },
        mapping("a mapping of name, title and path to text", text(), ("name", "title", "path")),
        doc="the data's licence: short name, title and the address of its text",
    ),
)
