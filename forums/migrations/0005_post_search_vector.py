"""Forum search over a stored tsvector (PostgreSQL): a column on the post, kept up to date by triggers, a GIN index.

- ``forums_search_config()`` names the text search configuration: PostgreSQL's ``indonesian`` (stemming, stop
  words) where the server has it, ``simple`` otherwise; queries use the same function, so both sides always agree.
- ``forums_post_search_vector(title, body)``: the topic's title (weight A) and the body (weight B).
- A trigger on posts fills the column on insert and on a change of body or topic; a trigger on topics refreshes
  their posts when the title changes. Every write path (services, bulk inserts, the admin, raw SQL) is covered.
On SQLite the column stays NULL and search is a substring match (``forums.selectors.search_posts``).
"""

import django.contrib.postgres.search
from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION forums_search_config() RETURNS regconfig LANGUAGE sql IMMUTABLE AS
  $$ SELECT '{config}'::regconfig $$;

CREATE OR REPLACE FUNCTION forums_post_search_vector(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS
  $$ SELECT setweight(to_tsvector(forums_search_config(), coalesce(title, '')), 'A')
         || setweight(to_tsvector(forums_search_config(), coalesce(body, '')), 'B') $$;

CREATE OR REPLACE FUNCTION forums_post_search_vector_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := forums_post_search_vector((SELECT title FROM forums_topic WHERE id = NEW.topic_id), NEW.body);
  RETURN NEW;
END $$;

CREATE TRIGGER forums_post_search_vector_fill BEFORE INSERT OR UPDATE OF body, topic_id ON forums_post
  FOR EACH ROW EXECUTE FUNCTION forums_post_search_vector_fill();

CREATE OR REPLACE FUNCTION forums_topic_title_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE forums_post SET search_vector = forums_post_search_vector(NEW.title, body) WHERE topic_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER forums_topic_title_search_refresh AFTER UPDATE OF title ON forums_topic
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION forums_topic_title_search_refresh();

UPDATE forums_post p SET search_vector = forums_post_search_vector(t.title, p.body)
  FROM forums_topic t WHERE t.id = p.topic_id;

CREATE INDEX forums_post_search_idx ON forums_post USING gin (search_vector);
-- Statistics for the new column: without them the planner guesses 100 matches for any word and never walks the
-- posts newest first for a common one.
ANALYZE forums_post;
"""

BACKWARD = """
DROP INDEX IF EXISTS forums_post_search_idx;
DROP TRIGGER IF EXISTS forums_topic_title_search_refresh ON forums_topic;
DROP TRIGGER IF EXISTS forums_post_search_vector_fill ON forums_post;
DROP FUNCTION IF EXISTS forums_topic_title_search_refresh();
DROP FUNCTION IF EXISTS forums_post_search_vector_fill();
DROP FUNCTION IF EXISTS forums_post_search_vector(text, text);
DROP FUNCTION IF EXISTS forums_search_config();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        config = "indonesian" if cursor.fetchone() else "simple"
    schema_editor.execute(FORWARD.format(config=config))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ('forums', '0004_topic_project'),
    ]

    operations = [
        migrations.AddField(
            model_name='post',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(fields=['-created_at', '-id'], name='forums_post_recent_idx'),
        ),
        migrations.RunPython(forward, backward),
    ]
