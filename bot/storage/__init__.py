"""The database: tables, engine with deadlines, migrations."""
