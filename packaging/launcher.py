"""Entry script of the frozen desktop: the same `ui.main:main` as the `callsheet` command."""

import sys

from ui.main import main

if __name__ == "__main__":
    sys.exit(main())
