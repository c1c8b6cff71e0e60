"""Settings for work off the request: Celery, the grading limits and the outbox.

Star-imported by ``base``; read from the environment through ``config.env``.
"""

from config.env import env

# Celery: eager in the embedded default; Redis broker when CELERY_BROKER_URL is set.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Grading one report takes well under a second; a grading task still running after this
# is stuck and is stopped.
EXERCISES_GRADING_TIME_LIMIT = env.float("EXERCISES_GRADING_TIME_LIMIT", default=60.0)
# Redis hands a task that no worker acknowledged to another worker after this long. Sized
# to the grading time limit (not an hour): a killed worker's reports come back in minutes.
# Longer tasks (a regrade, an outbox delivery) may then run twice: they are idempotent or
# claim their work first (outbox.services.deliver).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.float(
        "CELERY_BROKER_VISIBILITY_TIMEOUT", default=EXERCISES_GRADING_TIME_LIMIT * 1.5
    ),
    # A broker that is down must not hold a request: one quick retry when publishing,
    # not kombu's default of about 6 s per task (the work waits in the database instead).
    "socket_connect_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Submissions queued or grading for longer than this are queued again, by the beat every
# EXERCISES_REQUEUE_EVERY seconds and by each worker when it starts.
EXERCISES_REQUEUE_AFTER = env.float("EXERCISES_REQUEUE_AFTER", default=60.0)
EXERCISES_REQUEUE_EVERY = env.float("EXERCISES_REQUEUE_EVERY", default=30.0)
# Test hook: grading sleeps this long after marking a report "grading" (a test kills the
# worker meanwhile). Always 0 in production.
EXERCISES_GRADING_TEST_DELAY = env.float("EXERCISES_GRADING_TEST_DELAY", default=0.0)
CELERY_BEAT_SCHEDULE = {
    # Webinar reminders a day and an hour before; the task sends each reminder once.
    "webinar-reminders": {"task": "webinars.send_due_reminders", "schedule": 300.0},
    # Speakers get one digest of new questions an hour at most.
    "webinar-question-digests": {"task": "webinars.send_question_digests", "schedule": 3600.0},
    # Submissions whose grading task was lost (broker down at submit time) are queued again.
    "exercises-requeue-stale": {
        "task": "exercises.requeue_stale",
        "schedule": EXERCISES_REQUEUE_EVERY,
    },
    # A passed exercise completes its lesson only once the exercise's feedback is open.
    "exercises-release-feedback": {"task": "exercises.release_feedback", "schedule": 300.0},
    # Emails, regrades and certificates that waited for the broker (outbox/).
    "outbox-flush": {"task": "outbox.flush", "schedule": 60.0},
    # Membership renewal reminders 30 and 7 days before expiry and on expiry (each once).
    "society-renewal-reminders": {"task": "society.send_renewal_reminders", "schedule": 3600.0},
}
# An outbox message published this long ago and still not run is published again.
OUTBOX_REPUBLISH_AFTER = env.float("OUTBOX_REPUBLISH_AFTER", default=120.0)
# A worker's claim on a message lapses after this long (longer than any task's time limit).
OUTBOX_CLAIM_LEASE = env.float("OUTBOX_CLAIM_LEASE", default=15 * 60.0)
# Done messages (rendered emails among them) are deleted after this long.
OUTBOX_KEEP_DONE = env.float("OUTBOX_KEEP_DONE", default=7 * 24 * 3600.0)
