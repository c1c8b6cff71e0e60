"""Exercises that used the Lung-RADS v1.1 rule set now use Lung-RADS v2022."""

from django.db import migrations

OLD, NEW = "lungrads-solid", "lungrads-2022"


def forwards(apps, schema_editor):
    ExercisePage = apps.get_model("exercises", "ExercisePage")
    for page in ExercisePage.objects.filter(rule_set_ids__contains=OLD):
        ids = [NEW if i.strip() == OLD else i.strip() for i in page.rule_set_ids.split(",")]
        page.rule_set_ids = ",".join(i for i in ids if i)
        page.save(update_fields=["rule_set_ids"])


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
