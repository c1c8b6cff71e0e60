"""Exercise views by audience: ``trainee`` (exercises, workspace, submissions, exports),
``authoring`` (the guided flow that builds an exercise, answer keys) and ``manage``
(instructors' and staff's templates, cases, gradebook, regrades)."""

from courses.exercises.views.authoring import (  # noqa: F401
    author_cases,
    author_keys,
    author_preview,
    author_rubric,
    exercise_new,
    key_detail,
)
from courses.exercises.views.manage import (  # noqa: F401
    case_download,
    case_generate,
    case_preview,
    case_upload,
    case_upload_status,
    exercise_keys,
    gradebook,
    gradebook_csv,
    manage_home,
    regrade_detail,
    regrade_start,
    template_detail,
    template_import,
    trainee_history,
)
from courses.exercises.views.trainee import (  # noqa: F401
    autosave_draft,
    case_workspace,
    exercise_detail,
    exercise_list,
    export_fhir,
    export_pdf,
    export_sr,
    submission_detail,
    submission_status,
    transfer_json,
)
