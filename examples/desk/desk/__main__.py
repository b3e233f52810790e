"""`python -m desk`: seed a few cases, then serve the API (OpenAPI page at /docs)."""

from __future__ import annotations

import argparse

import uvicorn

from desk.app import create_app
from desk.seed import seed
from supportflow.clock import SystemClock


def main() -> None:
    """Parse the command line, seed, serve."""
    parser = argparse.ArgumentParser(prog="python -m desk", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-seed", action="store_true", help="start with what is stored")
    options = parser.parse_args()
    app = create_app()
    if not options.no_seed:
        seed(app.state.store, SystemClock().now())
    uvicorn.run(app, host=options.host, port=options.port)


if __name__ == "__main__":
    main()
