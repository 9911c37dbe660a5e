"""The desk: ``pegxl serve``, a web front desk on a campaign folder (needs ``pegxl[desk]``).

:mod:`pegxl.desk.app` is the application (the office's board, the sectors' pages),
:mod:`pegxl.desk.server` runs it under waitress.
"""
