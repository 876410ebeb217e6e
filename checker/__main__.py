"""`python -m checker ...` behaves exactly like the `check` console script."""

import sys

from checker.cli import main

if __name__ == "__main__":
    sys.exit(main())
