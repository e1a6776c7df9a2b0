"""A FULLTEXT index on patients.name for `?search=` (issue 12), on MariaDB/MySQL only.

Other databases search names with a scan (see records.selectors.patient_search). The index is
not in the model's Meta: Django has no portable FULLTEXT index, so the state is unchanged. Both
directions check the index first: a database that ran this migration under its earlier name
(0006_patient_name_fulltext, on the perf branch) already has it.
"""

from django.db import migrations

INDEX = "patients_name_fulltext"


def _exists(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.statistics"
            " WHERE table_schema = DATABASE() AND table_name = 'patients' AND index_name = %s",
            [INDEX],
        )
        return cursor.fetchone()[0] > 0


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql" and not _exists(schema_editor.connection):
        schema_editor.execute(f"CREATE FULLTEXT INDEX {INDEX} ON patients (name)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql" and _exists(schema_editor.connection):
        schema_editor.execute(f"DROP INDEX {INDEX} ON patients")


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0007_auditaction_rag"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, atomic=False, elidable=False),
    ]
