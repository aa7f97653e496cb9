"""The statements plugin's settings, each with its default and what it does, and what each must be."""

from plugins.archive.setting_rules import list_of, text, whole_number

DEFAULTS = {
    # The categories a statement's `category:` may name; anything else fails the build.
    # The archive lists its own in pelicanconf.py; with none, every statement is refused.
    "STATEMENT_CATEGORIES": [],
    # Show drafts and embargoed statements as ordinary pages marked DRAFT (the devserver sets it).
    "STATEMENTS_PREVIEW_DRAFTS": False,
    # Stop the process when a statement has problems (exit status 1); the devserver sets it
    # false so that it reports them and rebuilds on the next save.
    "STATEMENTS_EXIT_ON_PROBLEMS": True,
    # Parse statements in this many worker processes at most (1 parses in the build's own process).
    "STATEMENTS_WORKERS": 4,
    # Below this many statements, parse in the build's own process: workers cost more than they save.
    "STATEMENTS_PARALLEL_FROM": 400,
    # Keep each file's parse result in CACHE_PATH/statements.pickle, so that a rebuild parses only the
    # statements and pages whose bytes changed (cache.py); false parses every file on every build.
    "STATEMENTS_CACHE": True,
}

RULES = {
    "STATEMENT_CATEGORIES": list_of(text(), "category names"),
    "STATEMENTS_WORKERS": whole_number(1),
    "STATEMENTS_PARALLEL_FROM": whole_number(0),
}
