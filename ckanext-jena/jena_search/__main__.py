from __future__ import annotations

import sys

from jena_search.cli import main

sys.exit(main())
