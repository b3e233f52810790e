"""HTTP tests of the desk example (examples/desk), run against a uvicorn subprocess."""
