"""`python -m supportflow` runs the command-line interface."""

from supportflow.cli import main

raise SystemExit(main())
