"""The plan: from its sources to the :class:`~pegxl.model.Plan` every later stage uses.

``pegtext`` imports the PEG-PIAO text export; ``workbook_writer`` writes the plan workbook the
office keeps and ``workbook_reader`` reads it back; ``checks`` are what a sound plan passes, made
the same way whatever its source; ``cache`` keeps loaded plans.
"""
