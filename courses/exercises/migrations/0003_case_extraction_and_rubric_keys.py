"""Keys are derived from what was extracted at upload (SampleCase.case_data), never from
the file: fill it for cases stored without it. The rubric help names the engine's keys."""

import courses.exercises.models
from django.db import migrations, models


def fill_case_data(apps, schema_editor):
    from reporting.sr import Case, ReadError, read_case

    SampleCase = apps.get_model("exercises", "SampleCase")
    for case in SampleCase.objects.all().iterator():
        try:
            Case.from_dict(case.case_data)
            continue  # already stored and readable
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
        try:
            with case.file.open("rb") as handle:
                read = read_case(handle.read())
        except OSError:
            continue  # the file is gone: the case says so when a key is derived
        if not isinstance(read, ReadError):
            case.case_data = read.as_dict(tree=True)
            case.save(update_fields=["case_data"])


class Migration(migrations.Migration):
    dependencies = [("exercises", "0002_lungrads_2022_rule_set")]

    operations = [
        migrations.RunPython(fill_case_data, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="exercisepage",
            name="rubric",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='Per-field overrides, e.g. {"right_ica_psv": {"weight": 2, "tolerance": {"abs": 10}}}. Keys: weight: points the field is worth (0 or more); required: true: an empty answer scores 0; tolerance: allowed difference for numbers: {"abs": 5} or {"rel": 0.05}.',
                validators=[courses.exercises.models.validate_rubric],
            ),
        ),
    ]
