"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from directory.cli import alembic_config
from directory.db import get_engine
from directory.models import Base


def test_migrations_create_the_models_schema(app):
    engine = get_engine(app)
    Base.metadata.drop_all(engine)

    command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_upgrading_twice_is_harmless(app):
    engine = get_engine(app)
    Base.metadata.drop_all(engine)
    config = alembic_config(app.config["DATABASE_URL"])

    command.upgrade(config, "head")
    command.upgrade(config, "head")

    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
