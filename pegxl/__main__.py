"""``python -m pegxl``: the same as the ``pegxl`` command."""

import sys

from pegxl.cli import main

sys.exit(main())
