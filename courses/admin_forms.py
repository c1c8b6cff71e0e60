"""Admin forms: the course page (teaching staff named without their email addresses) and
the question-bank question (held to the bank's rules on its choices)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from courses.question_rules import choice_problems
from members.selectors import account_label


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("teaching_staff")
        if field is not None:
            field.label_from_instance = account_label


class QuestionForm(WagtailAdminModelForm):
    """A question saved in the admin has enough choices and a key that fits its type (the
    rules of courses.question_rules); what is wrong is shown above the choices."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        formset = self.formsets.get("choices")
        if not valid or formset is None:
            return valid
        choices = [
            (form.cleaned_data.get("text") or "", bool(form.cleaned_data.get("is_correct")))
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        problems = choice_problems(question_type=self.cleaned_data.get("type"), choices=choices)
        if problems:
            formset._non_form_errors = formset.error_class(problems)
            return False
        return True
