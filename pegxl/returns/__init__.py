"""Intake of returns: what ``pegxl check`` does with the workbooks the sectors send back.

Every file is guarded and read by :mod:`pegxl.sheets`; ``reader`` checks identity and integrity
and reads every input cell; ``validate`` judges the values; ``deliveries`` chooses which version
of each sector's return counts; ``batch`` runs many files on worker processes; ``report`` is the
check's result; ``feedback`` writes the marked-up workbook.
"""
