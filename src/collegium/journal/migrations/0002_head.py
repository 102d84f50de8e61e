from django.db import migrations

GENESIS = "0" * 64


def create_head(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The head row exists before the first action, so that concurrent first actions lock
    # it instead of racing to create it.
    apps.get_model("journal", "JournalHead").objects.get_or_create(
        pk=1, defaults={"last_sequence": 0, "last_hash": GENESIS}
    )


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
