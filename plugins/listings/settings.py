"""The listings plugin's settings, each with its default and what it does."""

DEFAULTS = {
    # How many related statements a statement page lists (0 lists none).
    "LISTINGS_RELATED_COUNT": 3,
    # How many of the newest statements the home page lists.
    "LISTINGS_LATEST_COUNT": 10,
}
