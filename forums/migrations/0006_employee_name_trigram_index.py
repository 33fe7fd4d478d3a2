"""The @mention lookup finds people by any part of their name (``forums.selectors.mention_candidates``): on
PostgreSQL a trigram index (pg_trgm) on ``upper(name)`` of the employees, the expression Django's ``icontains``
compares, so a city of 16,000 accounts is not read row by row on every keystroke.

The index lives on ``organization_employee`` but belongs to the forums' lookup; it is created here, PostgreSQL only,
like the search vector of 0005. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
On SQLite nothing happens (the lookup scans the names; a few thousand rows).
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS forums_employee_name_trgm_idx ON organization_employee USING gin (upper(name) gin_trgm_ops);
"""

BACKWARD = "DROP INDEX IF EXISTS forums_employee_name_trgm_idx;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("forums", "0005_post_search_vector"),
        ("organization", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
