"""The course page's admin form: teaching staff named without their email addresses."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from members.selectors import account_label


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("teaching_staff")
        if field is not None:
            field.label_from_instance = account_label
