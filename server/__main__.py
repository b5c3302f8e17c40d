"""`python -m server`: the same as the `callsheet-server` console script."""

from server.cli import main

raise SystemExit(main())
