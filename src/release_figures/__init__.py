"""release_figures: read, check and publish the figures of an official release.

Modules, one job each: ``numbers`` (printed numbers), ``register`` (the
hand-curated register), ``figures`` and ``coverage`` (the figures table and
the numeric-token scan), ``release`` (release folders and provenance),
``intervals`` (rounding as exact intervals), ``changes`` (year-on-year),
``checks`` (consistency ledger), ``charts`` (chart styling), ``execute`` and
``bookbuild`` (running notebooks and building the book).
"""

__version__ = "0.1.0"
