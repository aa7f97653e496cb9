"""The build's date: ``SOURCE_DATE_EPOCH`` when it is set, else the clock.

``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) is the reproducible-builds
convention for the moment a build stands for: two builds given the same one
write the same security.txt, and both refuse the same ``updated:`` dates.
"""

from __future__ import annotations

import datetime
import os

from .problems import InvalidSetting

VARIABLE = "SOURCE_DATE_EPOCH"


def build_time() -> datetime.datetime:
    """The moment of this build, in UTC; a malformed ``SOURCE_DATE_EPOCH`` stops the build with one line."""
    value = os.environ.get(VARIABLE)
    if value is None:
        return datetime.datetime.now(datetime.UTC)
    try:
        return datetime.datetime.fromtimestamp(int(value), datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise InvalidSetting(
            VARIABLE, value, "a whole number of seconds since 1970-01-01 UTC", source="environment"
        ) from None
