"""The Content-Security-Policy that every page carries in a ``<meta>`` element.

Only the site's own scripts, styles and images; no inline script or style, no
``eval``.  ``'wasm-unsafe-eval'`` is added on pages whose template sets
``{% set needs_wasm = true %}`` (the search page, for Pagefind's WebAssembly).
``frame-ancestors`` is ignored in a ``<meta>`` element: the response headers in
``deploy/`` add it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def content_security_policy(
    directives: Mapping[str, Sequence[str]], wasm_sources: Sequence[str] = (), *, wasm: bool = False
) -> str:
    """The policy as one header value: ``directive source ...; ...`` in the settings' order."""
    extra = {"script-src": list(wasm_sources)} if wasm else {}
    return "; ".join(
        " ".join([directive, *sources, *extra.get(directive, [])]) for directive, sources in directives.items()
    )


def template_function(settings):
    """``content_security_policy(wasm)`` for templates, reading the build's settings."""

    def policy(wasm: bool = False) -> str:
        return content_security_policy(
            settings["CONTENT_SECURITY_POLICY"], settings["CONTENT_SECURITY_POLICY_WASM"], wasm=wasm
        )

    return policy
