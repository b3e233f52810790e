"""supportflow desk: a reference support service on FastAPI, SQLAlchemy 2 and supportflow.

Run it with `make serve` (SQLite, a few seeded cases) or
`uvicorn --factory desk.app:create_app --app-dir examples/desk` with `DESK_DATABASE_URL`
set to a PostgreSQL URL (`postgresql+psycopg://user@host/db`).
"""
