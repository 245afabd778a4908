"""Alembic environment: the application always hands over its own connection."""

from alembic import context

from cixi_desktop.store.models import Base, is_search_object

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("cixi-desktop runs its migrations itself: open the database with the app")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
    compare_type=True,
    # The keyword-search tables and indexes are kept by the database (migration 0004).
    include_name=lambda name, _type, _parent: not is_search_object(name),
)
with context.begin_transaction():
    context.run_migrations()
