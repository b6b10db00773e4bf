"""SQLAlchemy 2 async storage: models, repositories and Alembic migrations."""
