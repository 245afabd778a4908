"""Alembic migrations and reference data; shipped inside the wheel as cixi_desktop.db."""
