"""A FULLTEXT index on patients.name for `?search=` (issue 12), on MariaDB/MySQL only.

Other databases search names with a scan (see records.selectors.patient_search). The index is
not in the model's Meta: Django has no portable FULLTEXT index, so the state is unchanged.
"""

from django.db import migrations

INDEX = "patients_name_fulltext"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql":
        schema_editor.execute(f"CREATE FULLTEXT INDEX {INDEX} ON patients (name)")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql":
        schema_editor.execute(f"DROP INDEX {INDEX} ON patients")


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0005_diagnosis_icd10_edition"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, atomic=False, elidable=False),
    ]
