"""The build layer's settings, each declared once: its default, what it must be and what it does."""

from plugins.archive.setting_rules import Setting, whole_number

SETTINGS = (
    Setting(
        "PUBLISHING_ATOMIC",
        True,
        doc="build into `<output>.staging` and swap it in at the end; `False` writes in place",
    ),
    Setting(
        "RENDERING_WORKERS",
        4,
        whole_number(1),
        doc=(
            "render pages in this many processes at most (never more than the CPUs); `1` renders in the build's own "
            "process"
        ),
    ),
    Setting(
        "RENDERING_BATCH",
        1000,
        whole_number(1),
        doc=(
            "pages are prepared and then rendered in batches of this many: the workers render one batch while the "
            "build's process prepares the next; two batches' page contexts are held in memory at most"
        ),
    ),
    Setting(
        "RENDERING_PARALLEL_FROM",
        200,
        whole_number(0),
        doc="a batch smaller than this is rendered in the build's own process",
    ),
    Setting(
        "RENDERING_NICENESS",
        10,
        whole_number(0, 19),
        doc=(
            "the workers run this much below the build's priority (`os.nice`), so the work only one process can do "
            "keeps a core: the build's own process preparing the next batch, and Pagefind indexing the search "
            "index, the build's longest task; `0` gives them the build's priority"
        ),
    ),
    Setting(
        "RENDERING_REUSE",
        True,
        doc=(
            "link a page from the last output when its fingerprint is unchanged (the fingerprints are kept in "
            "`CACHE_PATH/rendered-pages.pickle`); only a build into a staging folder (`PUBLISHING_ATOMIC`) has a "
            "last output to link from"
        ),
    ),
)
