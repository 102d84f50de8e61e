from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("bodies", "0002_orders_effective_from")]

    operations = [
        migrations.AlterField(
            model_name="standingorders",
            name="effective_from",
            field=models.DateTimeField(verbose_name="in force from"),
        ),
        migrations.AddIndex(
            model_name="standingorders",
            index=models.Index(fields=["body", "effective_from"], name="orders_in_force"),
        ),
    ]
