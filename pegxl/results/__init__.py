"""Results: scores with their trace (of the returns that count, :mod:`pegxl.returns.deliveries`),
roll-ups, the consolidation, the master workbook, the report (HTML, PDF), Parquet, the Nucleo's
overrides, and the prefill (the previous period's values read back for the next period's
workbooks).
"""
