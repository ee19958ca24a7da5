import sys

from jena_stack.cli import main

sys.exit(main())
