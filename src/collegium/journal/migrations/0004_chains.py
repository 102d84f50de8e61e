"""One chain per organization (step 1 of 3): the chain table and the new entry columns."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0003_org_sequence_index"),
        ("registry", "0001_initial"),
        ("bodies", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="JournalChain",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=80, unique=True, verbose_name="chain")),
                ("last_sequence", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(max_length=64)),
                (
                    "organization",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="journal_chain",
                        to="registry.organization",
                    ),
                ),
            ],
            options={"verbose_name": "journal chain", "verbose_name_plural": "journal chains"},
        ),
        migrations.RemoveIndex(model_name="journalentry", name="journal_org_sequence"),
        migrations.AlterField(
            model_name="journalentry",
            name="sequence",
            field=models.PositiveBigIntegerField(verbose_name="sequence"),
        ),
        migrations.AddField(
            model_name="journalentry",
            name="chain",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="journal.journalchain",
            ),
        ),
        migrations.AddField(
            model_name="journalentry",
            name="audience",
            field=models.CharField(default="", max_length=24, verbose_name="audience"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="journalentry",
            name="channel",
            field=models.CharField(blank=True, default="", max_length=16, verbose_name="channel"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="journalentry",
            name="body_id",
            field=models.BigIntegerField(blank=True, null=True, verbose_name="body"),
        ),
    ]
