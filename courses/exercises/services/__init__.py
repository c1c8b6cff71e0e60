"""Writes of the exercises feature, one module per subject.

Every structured-reporting decision is the engine's (`reporting/`); these modules store
what the engine says and enforce who may do what and when. Callers keep writing
`from courses.exercises import services` and `services.submit(...)`: the public names of
every subject module are re-exported here.
"""

from courses.exercises.services.cases import (
    MAX_CASE_BYTES,
    MAX_GENERATE,
    CheckedCase,
    check_case_file,
    count_elements,
    dataset_bytes,
    generate_cases,
    process_case_upload,
    receive_case_upload,
    requeue_case_uploads,
    upload_case,
)
from courses.exercises.services.errors import (
    AttemptsExhausted,
    CaseUploadError,
    ExerciseError,
    TemplateImportError,
)
from courses.exercises.services.exports import (
    export_fhir,
    export_sr_bytes,
)
from courses.exercises.services.grading import (
    grade_submission,
    release_due_feedback,
)
from courses.exercises.services.keys import (
    case_transfer,
    derive_key,
    effective_key,
    ensure_key,
    key_hash,
    refresh_key_hashes,
    run_rules,
    set_key_override,
)
from courses.exercises.services.regrades import (
    run_regrade,
    start_regrade,
)
from courses.exercises.services.submissions import (
    attempts_used,
    check_report_values,
    enqueue_grading,
    mark_failed,
    next_attempt,
    requeue_stale,
    save_draft,
    submit,
)
from courses.exercises.services.templates import (
    MAX_TEMPLATE_BYTES,
    ensure_shipped_template,
    import_template,
)

__all__ = [
    "ExerciseError",
    "CaseUploadError",
    "TemplateImportError",
    "AttemptsExhausted",
    "MAX_TEMPLATE_BYTES",
    "import_template",
    "ensure_shipped_template",
    "MAX_CASE_BYTES",
    "MAX_GENERATE",
    "dataset_bytes",
    "CheckedCase",
    "check_case_file",
    "upload_case",
    "generate_cases",
    "count_elements",
    "process_case_upload",
    "receive_case_upload",
    "requeue_case_uploads",
    "run_rules",
    "derive_key",
    "ensure_key",
    "case_transfer",
    "effective_key",
    "key_hash",
    "refresh_key_hashes",
    "set_key_override",
    "check_report_values",
    "attempts_used",
    "save_draft",
    "submit",
    "next_attempt",
    "enqueue_grading",
    "mark_failed",
    "requeue_stale",
    "grade_submission",
    "release_due_feedback",
    "start_regrade",
    "run_regrade",
    "export_sr_bytes",
    "export_fhir",
]
