"""pegxl's version, on the ground floor: the facade (``pegxl.__version__``), the ``--version``
of the command line and the generator stamped into every workbook read it from here."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
