"""The sector workbook: what ``pegxl generate`` writes for each sector to fill in.

``layout`` is the contract the writer and the reader share (sheets, columns, ids, hashes);
``writer`` builds the workbook with XlsxWriter.
"""
