"""Settings for the published archive: pelicanconf.py plus what differs when publishing."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = "https://statements.example.org"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
