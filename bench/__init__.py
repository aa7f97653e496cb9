"""The performance benchmark: a statement generator (``generate``) and the side-by-side runner (``run``)."""
