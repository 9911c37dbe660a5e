"""Intake of returns: what ``pegxl check`` does with the workbooks the sectors send back.

``guard`` checks every file before any parser; ``scan`` reads cells with bounded work; ``reader``
checks identity and integrity and reads every input cell; ``validate`` judges the values;
``batch`` runs many files on worker processes; ``feedback`` writes the marked-up workbook.
"""
