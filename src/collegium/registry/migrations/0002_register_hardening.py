"""Member numbers' skeletons and the folded search key, filled for existing members; the
organization's setting whether members may open every member's page (closed)."""

from typing import Any

from django.db import migrations, models

# Uses the functions the actions use, so that the keys filled here are the keys a search
# and a confusable check compare with; a later change of those functions needs a
# migration refilling the keys anyway.
from collegium.registry.numbers import search_key, skeleton

BATCH = 2000


def fill_keys(apps: Any, schema_editor: Any) -> None:
    Member = apps.get_model("registry", "Member")
    batch = []
    for member in Member.objects.only("pk", "number", "name", "unit").iterator(BATCH):
        member.number_key = skeleton(member.number)
        member.search_key = search_key(member.number, member.name, member.unit)
        batch.append(member)
        if len(batch) == BATCH:
            Member.objects.bulk_update(batch, ["number_key", "search_key"])
            batch = []
    Member.objects.bulk_update(batch, ["number_key", "search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="number_key",
            field=models.CharField(default="", editable=False, max_length=128),
        ),
        migrations.AddField(
            model_name="member",
            name="search_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="organization",
            name="register_open_to_members",
            field=models.BooleanField(default=False, verbose_name="register open to members"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["organization", "number_key"], name="registry_me_organiz_55101b_idx"
            ),
        ),
    ]
