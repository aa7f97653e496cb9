"""The search plugin's settings, each with its default and what it does, and what each must be."""

from plugins.archive.setting_rules import whole_number

DEFAULTS = {
    # Where the search page is written and its address (Pelican's <NAME>_SAVE_AS/_URL for "search"
    # in DIRECT_TEMPLATES); every page header's search box submits to it.
    "SEARCH_SAVE_AS": "search/index.html",
    "SEARCH_URL": "search/",
    # The folder in the output where Pagefind writes its index and scripts (the search page loads them).
    "SEARCH_BUNDLE_DIR": "pagefind",
    # Results shown at a time: each shown result downloads its own fragment of the index.
    "SEARCH_RESULTS_PER_PAGE": 10,
    # Statements in each chunk of the index, oldest first: Pagefind's memory grows with one index's
    # records (about 0.3 MB each), a rebuild indexes again only the chunks whose statements changed,
    # and each further chunk adds about 15 kB to the first search a reader makes.
    "SEARCH_CHUNK_SIZE": 1000,
    # Pagefind processes indexing chunks at once (each holds one chunk's memory while it works).
    "SEARCH_INDEX_PROCESSES": 1,
}

RULES = {
    "SEARCH_RESULTS_PER_PAGE": whole_number(1),
    "SEARCH_CHUNK_SIZE": whole_number(1),
    "SEARCH_INDEX_PROCESSES": whole_number(1),
}
