"""The site_files plugin's settings, each declared once: its default, what it must be and what it does."""

from pathlib import Path

from plugins.archive.setting_rules import Setting, list_of, mapping, optional, text, whole_number

SOURCES = list_of(text(), "sources")

SETTINGS = (
    Setting(
        "CONTENT_SECURITY_POLICY",
        {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        },
        mapping("a mapping of directives to lists of sources", SOURCES),
        doc="every page's policy, in its `<meta>` element; the `deploy/` headers repeat it",
    ),
    Setting(
        "CONTENT_SECURITY_POLICY_WASM",
        ["'wasm-unsafe-eval'"],
        SOURCES,
        doc="added to `script-src` on pages whose template sets `needs_wasm` (search)",
    ),
    Setting(
        "DEPLOY_HEADERS_FILE",
        str(Path(__file__).resolve().parents[2] / "deploy" / "_headers"),
        optional(text("a path"), "no headers file"),
        doc="copied to the output root as `_headers`; `None` copies nothing",
    ),
    Setting(
        "SECURITY_TXT_CONTACT",
        [],
        list_of(text(starts=("mailto:", "https:", "tel:")), "mailto:, https: or tel: URIs"),
        doc=(
            "security.txt `Contact` URIs (`mailto:`, `https:`, `tel:`); with none, no security.txt "
            "(`pelicanconf.py` sets the archive's)"
        ),
    ),
    Setting(
        "SECURITY_TXT_EXPIRES_DAYS",
        364,
        whole_number(1, 365),  # RFC 9116: less than a year
        doc=(
            "`Expires` is this many days after the build's date (`SOURCE_DATE_EPOCH`, else today; see "
            "[deploying.md](deploying.md#deployment-headers))"
        ),
    ),
    Setting(
        "SECURITY_TXT_PREFERRED_LANGUAGES",
        ["en"],
        list_of(text(), "language tags"),
        doc="security.txt `Preferred-Languages`",
    ),
    Setting(
        "SECURITY_TXT_POLICY",
        None,
        optional(text("an https: address", ("https:",)), "no policy"),
        doc="security.txt `Policy`: the address of a disclosure policy",
    ),
)
