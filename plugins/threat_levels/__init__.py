"""Threat levels: the five UK national threat levels (``levels.py``), badges and level pages."""


def register() -> None:
    """Nothing yet: the level definitions in ``levels.py`` are imported by the schema."""
