"""A statement's faces: the PDF a client receives and the printable HTML page.

Both draw the same :class:`equity.reads.statement.Statement` with the same words
(:mod:`.wording`) and the same chart geometry (:mod:`.chart`), so they cannot disagree.
"""
