"""Results: scoring the counted returns, consolidating them, the master workbook and the report.

Empty until ``pegxl consolidate`` lands.
"""
