"""What the exercises app allows each role in the admin (members.permissions.register)."""

from members.permissions import register

register(
    "exercises",
    instructor=[
        "exercises.reporttemplate*",
        "exercises.samplecase*",
        "exercises.answerkey*",
        "exercises.view_submission",
        "exercises.view_graderesult",
    ],
)
