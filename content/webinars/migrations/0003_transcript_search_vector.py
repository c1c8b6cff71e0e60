"""A stored, GIN-indexed full-text vector per transcript cue (PostgreSQL).

A trigger keeps the vector in step with the cue's text on every insert and update, so
bulk-created cues are indexed too; existing cues are filled in here. On other databases
the column exists (and stays empty) but the index and trigger do not: search falls back
to a substring match there.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import connection, migrations

TEXT_SEARCH_CONFIG = "pg_catalog.english"

_CREATE_TRIGGER = f"""
CREATE TRIGGER webinars_transcriptcue_search_vector
BEFORE INSERT OR UPDATE OF text ON webinars_transcriptcue
FOR EACH ROW EXECUTE FUNCTION
tsvector_update_trigger(search_vector, '{TEXT_SEARCH_CONFIG}', text);
UPDATE webinars_transcriptcue SET search_vector = to_tsvector('{TEXT_SEARCH_CONFIG}', text);
"""
_DROP_TRIGGER = (
    "DROP TRIGGER IF EXISTS webinars_transcriptcue_search_vector ON webinars_transcriptcue;"
)

add_field = migrations.AddField(
    model_name="transcriptcue",
    name="search_vector",
    field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
)
add_index = migrations.AddIndex(
    model_name="transcriptcue",
    index=django.contrib.postgres.indexes.GinIndex(
        fields=["search_vector"], name="transcript_cue_search"
    ),
)


class Migration(migrations.Migration):
    dependencies = [
        ("webinars", "0002_private_slides"),
    ]

    if connection.vendor == "postgresql":
        operations = [
            add_field,
            add_index,
            migrations.RunSQL(_CREATE_TRIGGER, reverse_sql=_DROP_TRIGGER),
        ]
    else:
        operations = [
            add_field,
            migrations.SeparateDatabaseAndState(state_operations=[add_index]),
        ]
