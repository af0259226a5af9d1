"""Storage: SQLAlchemy 2.0 models, engines and sessions, Alembic migrations."""
