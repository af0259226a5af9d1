"""Benchmarks of the equity engine and app: ``python -m bench [--quick]``.

Each suite returns :class:`bench.report.Row` objects; :mod:`bench.__main__` runs them,
prints the table and writes it (``docs/BENCHMARKS.md`` for a full run, a temporary file
for ``--quick``). Nothing here asserts a time: targets are reported, never enforced.
"""
