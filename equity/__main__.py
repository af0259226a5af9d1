"""``python -m equity``: the command-line face of the engine."""

from equity.cli import main

raise SystemExit(main())
