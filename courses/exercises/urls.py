from django.urls import path

from courses.exercises import views

# Un-namespaced names: the site navigation looks up "exercises".
urlpatterns = [
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/<int:exercise_id>/", views.exercise_detail, name="exercise"),
    path(
        "exercises/<int:exercise_id>/cases/<int:case_id>/",
        views.case_workspace,
        name="exercise-case",
    ),
    path(
        "exercises/<int:exercise_id>/cases/<int:case_id>/draft/",
        views.autosave_draft,
        name="exercise-autosave",
    ),
    path(
        "exercises/<int:exercise_id>/cases/<int:case_id>/transfer.json",
        views.transfer_json,
        name="exercise-transfer",
    ),
    path(
        "exercises/submissions/<int:submission_id>/",
        views.submission_detail,
        name="exercise-submission",
    ),
    path(
        "exercises/submissions/<int:submission_id>/status/",
        views.submission_status,
        name="exercise-submission-status",
    ),
    path(
        "exercises/submissions/<int:submission_id>/report.dcm",
        views.export_sr,
        name="exercise-export-sr",
    ),
    path(
        "exercises/submissions/<int:submission_id>/report.fhir.json",
        views.export_fhir,
        name="exercise-export-fhir",
    ),
    path(
        "exercises/submissions/<int:submission_id>/report.pdf",
        views.export_pdf,
        name="exercise-export-pdf",
    ),
    path("exercises/manage/", views.manage_home, name="exercise-manage"),
    path("exercises/manage/exercises/new/", views.exercise_new, name="exercise-new"),
    path(
        "exercises/manage/exercises/<int:exercise_id>/cases/",
        views.author_cases,
        name="exercise-author-cases",
    ),
    path(
        "exercises/manage/exercises/<int:exercise_id>/rubric/",
        views.author_rubric,
        name="exercise-author-rubric",
    ),
    path(
        "exercises/manage/exercises/<int:exercise_id>/keys/",
        views.author_keys,
        name="exercise-author-keys",
    ),
    path(
        "exercises/manage/exercises/<int:exercise_id>/preview/",
        views.author_preview,
        name="exercise-author-preview",
    ),
    path(
        "exercises/manage/templates/import/",
        views.template_import,
        name="exercise-template-import",
    ),
    path(
        "exercises/manage/templates/<int:template_id>/",
        views.template_detail,
        name="exercise-template",
    ),
    path("exercises/manage/cases/upload/", views.case_upload, name="exercise-case-upload"),
    path(
        "exercises/manage/cases/uploads/<str:token>/",
        views.case_upload_status,
        name="exercise-case-upload-status",
    ),
    path("exercises/manage/cases/generate/", views.case_generate, name="exercise-case-generate"),
    path(
        "exercises/manage/cases/<int:case_id>/download/",
        views.case_download,
        name="exercise-case-download",
    ),
    path(
        "exercises/manage/<int:exercise_id>/preview/<int:case_id>/",
        views.case_preview,
        name="exercise-preview",
    ),
    path("exercises/manage/<int:exercise_id>/keys/", views.exercise_keys, name="exercise-keys"),
    path(
        "exercises/manage/<int:exercise_id>/keys/<int:case_id>/",
        views.key_detail,
        name="exercise-key",
    ),
    path(
        "exercises/manage/<int:exercise_id>/gradebook/",
        views.gradebook,
        name="exercise-gradebook",
    ),
    path(
        "exercises/manage/<int:exercise_id>/gradebook.csv",
        views.gradebook_csv,
        name="exercise-gradebook-csv",
    ),
    path(
        "exercises/manage/<int:exercise_id>/trainees/<int:user_id>/",
        views.trainee_history,
        name="exercise-trainee",
    ),
    path(
        "exercises/manage/<int:exercise_id>/regrade/",
        views.regrade_start,
        name="exercise-regrade-start",
    ),
    path("exercises/manage/regrades/<int:job_id>/", views.regrade_detail, name="exercise-regrade"),
]
