"""The rendering plugin's settings, each with its default and what it does."""

DEFAULTS = {
    # Render pages in this many processes at most (never more than the CPUs); 1 renders in the
    # build's own process.  Workers are forked, so they share the build's memory rather than copy it.
    "RENDERING_WORKERS": 4,
    # Pages are rendered in batches of this many: Pelican prepares a batch (names, pagination,
    # each page's context), then the workers render and write it.  A batch's contexts are held
    # in memory until it is written.
    "RENDERING_BATCH": 1000,
    # A batch smaller than this is rendered in the build's own process: forking costs more.
    "RENDERING_PARALLEL_FROM": 200,
    # Reuse the last build's file for a page whose fingerprint (its template, settings, code and
    # context: fingerprints.py) is unchanged, linking it from the last output instead of rendering.
    # The fingerprints are kept in CACHE_PATH; only a build into a staging folder has a last output.
    "RENDERING_REUSE": True,
    # The templates whose pages may be reused, each with the shared context entries it reads
    # besides its page's own (an article, a listing page...).  Any other template's pages are
    # rendered on every build.  The archive's theme lists its own in pelicanconf.py.
    "RENDERING_REUSABLE_TEMPLATES": {},
}
