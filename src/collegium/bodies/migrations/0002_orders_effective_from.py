"""Each version of standing orders gets the moment it takes effect; versions adopted
before took effect when they were adopted."""

from django.db import migrations, models
from django.db.models import F


def effective_when_adopted(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("bodies", "StandingOrders").objects.update(effective_from=F("adopted_at"))


class Migration(migrations.Migration):
    dependencies = [("bodies", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="standingorders",
            name="effective_from",
            field=models.DateTimeField(null=True, verbose_name="in force from"),
        ),
        migrations.RunPython(effective_when_adopted, migrations.RunPython.noop),
    ]
