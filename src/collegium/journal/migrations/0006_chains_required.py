"""One chain per organization (step 3 of 3): every entry belongs to a chain; the single
head and the entry's organization column (now the chain's) go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("journal", "0005_rechain")]

    operations = [
        migrations.AlterField(
            model_name="journalentry",
            name="chain",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="entries",
                to="journal.journalchain",
            ),
        ),
        migrations.RemoveField(model_name="journalentry", name="organization"),
        migrations.AlterModelOptions(
            name="journalentry",
            options={
                "ordering": ["chain", "sequence"],
                "verbose_name": "journal entry",
                "verbose_name_plural": "journal entries",
            },
        ),
        migrations.AddConstraint(
            model_name="journalentry",
            constraint=models.UniqueConstraint(fields=("chain", "sequence"), name="journal_chain_sequence"),
        ),
        migrations.AddIndex(
            model_name="journalentry",
            index=models.Index(fields=["chain", "audience", "sequence"], name="journal_chain_audience"),
        ),
        migrations.DeleteModel(name="JournalHead"),
    ]
