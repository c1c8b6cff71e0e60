"""The Wagtail edit form of an exercise page: choosers for the template, the engine's
mappings and rule sets (each saying what it fills or derives) and the pass mark in
percent; the rubric and the answer keys are edited in the instructor area's forms."""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminPageForm

from courses.exercises.forms_authoring import (
    PercentField,
    RuleSetsField,
    TemplateChoiceField,
    check_choices_fit,
    mapping_field,
    percent_of,
)


class ExercisePageForm(WagtailAdminPageForm):
    report_template = TemplateChoiceField()
    mapping_id = mapping_field()
    rule_set_ids = RuleSetsField()
    pass_mark = PercentField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The fields are built when the form class is made; the choices when it is used.
        self.fields["mapping_id"].choices = mapping_field().choices
        self.fields["rule_set_ids"].choices = RuleSetsField().choices
        instance = self.instance
        self.initial["pass_mark"] = percent_of(
            instance.pass_mark if instance.pk else self.initial.get("pass_mark", 0.7)
        )
        self.initial["rule_set_ids"] = instance.rule_ids() if instance.pk else []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_choices_fit(self, cleaned.get("report_template"))
        return cleaned
