from django.urls import path

from courses import views

urlpatterns = [
    path("curriculum/", views.curriculum, name="curriculum"),
    path("courses/", views.course_list, name="courses"),
    path("my-learning/", views.my_learning, name="my-learning"),
    path("my-learning/cme-transcript.pdf", views.cme_transcript_pdf, name="cme-transcript-pdf"),
    path("learn/courses/<int:course_id>/enrol/", views.enrol, name="course-enrol"),
    path("learn/courses/<int:course_id>/cohort/", views.cohort_enrolment, name="course-cohort"),
    path("learn/courses/<int:course_id>/evaluation/", views.evaluation, name="course-evaluation"),
    path(
        "learn/courses/<int:course_id>/certificate-name/",
        views.confirm_certificate_name,
        name="course-certificate-name",
    ),
    path(
        "learn/courses/<int:course_id>/instructor/",
        views.course_instructor,
        name="course-instructor",
    ),
    path("learn/lessons/<int:lesson_id>/read/", views.lesson_read, name="lesson-read"),
    path(
        "learn/lessons/<int:lesson_id>/video-progress/",
        views.video_progress,
        name="lesson-video-progress",
    ),
    path(
        "learn/lessons/<int:lesson_id>/quiz/<str:block_id>/",
        views.submit_quiz,
        name="lesson-quiz",
    ),
    path("learn/quiz-attempts/<int:attempt_id>/", views.quiz_attempt, name="quiz-attempt"),
    path("learn/practice-exam/", views.practice_exam, name="practice-exam"),
    path(
        "learn/practice-exam/<int:attempt_id>/",
        views.practice_exam_attempt,
        name="practice-exam-attempt",
    ),
    path("learn/questions/import/", views.question_import, name="question-import"),
    path("certificates/verify/", views.certificate_verify_form, name="certificate-verify-form"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate-verify"),
    path(
        "certificates/<str:code>/download/",
        views.certificate_download,
        name="certificate-download",
    ),
]
