"""The build layer's settings, each with its default and what it does, and what each must be."""

from plugins.archive.setting_rules import whole_number

DEFAULTS = {
    # Build into "<output>.staging" and swap it in only when the whole build succeeded (False writes in place).
    "PUBLISHING_ATOMIC": True,
    # Render pages in this many processes at most (never more than the CPUs); 1 renders in the
    # build's own process.  Workers are forked, so they share the build's memory rather than copy it.
    "RENDERING_WORKERS": 4,
    # Pages are rendered in batches of this many: Pelican prepares a batch (names, pagination,
    # each page's context), then the workers render and write it while Pelican prepares the
    # next.  Two batches' contexts are held in memory at most.
    "RENDERING_BATCH": 1000,
    # A batch smaller than this is rendered in the build's own process: forking costs more.
    "RENDERING_PARALLEL_FROM": 200,
    # Workers run this much below the build's priority (os.nice), so that the work nothing else can
    # do meanwhile keeps its core: the build's own process preparing the next batch, and Pagefind
    # indexing, the build's longest task.  0 gives them the build's priority.
    "RENDERING_NICENESS": 10,
    # Reuse the last build's file for a page whose fingerprint (its template, settings, code and
    # context: fingerprints.py) is unchanged, linking it from the last output instead of rendering.
    # The fingerprints are kept in CACHE_PATH; only a build into a staging folder has a last output.
    "RENDERING_REUSE": True,
}

RULES = {
    "RENDERING_WORKERS": whole_number(1),
    "RENDERING_BATCH": whole_number(1),
    "RENDERING_PARALLEL_FROM": whole_number(0),
    "RENDERING_NICENESS": whole_number(0, 19),
}
