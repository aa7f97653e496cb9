"""Templates compiled, and read for what they read, once a process, not once a build.

Pelican gives every generator of every build a new Jinja environment, which compiles each
template it loads from its source again: in a small build that was half the time, and
``make devserver`` and the test suite run many builds in one process.  Jinja's bytecode cache
(``Environment.bytecode_cache``) keeps the compiled code instead, and uses it only while the
template's source is unchanged (Jinja checks its checksum).  The cache is kept in memory, by
template and by what the compiler reads of the environment, so that it serves only environments
that would compile the template alike.  What a template's syntax tree says it reads (page reuse's
fingerprints) is kept the same way, by its source.
"""

from __future__ import annotations

import jinja2
import jinja2.meta
from jinja2 import nodes

# (loaded names, attributes read, templates referenced; None for one chosen at run time)
Reads = tuple[frozenset[str], frozenset[str], tuple[str | None, ...]]


def compiler_options(environment: jinja2.Environment) -> tuple:
    """What Jinja's compiler reads of ``environment``: two environments alike in these compile a source alike."""
    return (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.autoescape,
        environment.finalize,
        environment.optimized,
        environment.is_async,
        tuple(sorted(environment.extensions)),
        environment.code_generator_class,
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode, by template and compiler options, for every environment of the process."""

    def __init__(self) -> None:
        self._code: dict[tuple, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get((bucket.key, compiler_options(bucket.environment)))
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the source has changed since

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[(bucket.key, compiler_options(bucket.environment))] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


COMPILED = CompiledTemplates()


def share_compiled_templates(generator) -> None:
    """At ``generator_init``: the generator's environment takes the process's compiled templates."""
    generator.env.bytecode_cache = COMPILED


_reads: dict[tuple, Reads] = {}


def reads_of(environment: jinja2.Environment, source: str) -> Reads:
    """What a template whose text is ``source`` reads: every name it loads, its own variables' too (more
    than it reads from its context, never less), the attributes it reads and the templates it names."""
    key = (source, compiler_options(environment))
    if key not in _reads:
        tree = environment.parse(source)
        loaded = frozenset(node.name for node in tree.find_all(nodes.Name) if node.ctx == "load")
        attributes = frozenset(node.attr for node in tree.find_all(nodes.Getattr))
        _reads[key] = (loaded, attributes, tuple(jinja2.meta.find_referenced_templates(tree)))
    return _reads[key]
