"""``python -m dateline`` is the ``dateline`` command."""

import sys

from dateline.cli import main

sys.exit(main())
