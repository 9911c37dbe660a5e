"""Bounded reading of any incoming workbook — a sector's return, the plan workbook, the Nucleo's
overrides, a master read back for the prefill, two versions compared.

``guard`` checks every file before any parser; ``read`` is the one door to its cells, through
``xlsx`` or ``ods``, which both build the records of ``book`` (cells, sheets, the cell budget);
``headers`` is the one header matcher.
"""
