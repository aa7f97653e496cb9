"""The site_files plugin's settings, each with its default and what it does, and what each must be."""

from pathlib import Path

from plugins.archive.setting_rules import list_of, mapping, optional, text, whole_number

DEFAULTS = {
    # The Content-Security-Policy every page carries in a <meta> element: directive -> sources.
    "CONTENT_SECURITY_POLICY": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
    # Added to script-src on pages whose template sets needs_wasm (the search page: Pagefind runs WebAssembly).
    "CONTENT_SECURITY_POLICY_WASM": ["'wasm-unsafe-eval'"],
    # A file copied to the output root, for hosts that read response headers from it (Netlify, Cloudflare Pages).
    "DEPLOY_HEADERS_FILE": str(Path(__file__).resolve().parents[2] / "deploy" / "_headers"),
    # /.well-known/security.txt (RFC 9116): Contact URIs (mailto:, https:, tel:); none writes no security.txt.
    "SECURITY_TXT_CONTACT": [],
    # security.txt's Expires: this many days after the build's date, SOURCE_DATE_EPOCH or else today
    # (RFC 9116: less than a year).
    "SECURITY_TXT_EXPIRES_DAYS": 364,
    # security.txt's Preferred-Languages (language tags).
    "SECURITY_TXT_PREFERRED_LANGUAGES": ["en"],
    # security.txt's Policy: the address of a vulnerability disclosure policy, or None.
    "SECURITY_TXT_POLICY": None,
}

SOURCES = list_of(text(), "sources")
RULES = {
    "CONTENT_SECURITY_POLICY": mapping("a mapping of directives to lists of sources", SOURCES),
    "CONTENT_SECURITY_POLICY_WASM": SOURCES,
    "DEPLOY_HEADERS_FILE": optional(text("a path"), "no headers file"),
    "SECURITY_TXT_CONTACT": list_of(text(starts=("mailto:", "https:", "tel:")), "mailto:, https: or tel: URIs"),
    "SECURITY_TXT_EXPIRES_DAYS": whole_number(1, 365),  # RFC 9116: less than a year
    "SECURITY_TXT_PREFERRED_LANGUAGES": list_of(text(), "language tags"),
    "SECURITY_TXT_POLICY": optional(text("an https: address", ("https:",)), "no policy"),
}
