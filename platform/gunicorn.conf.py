"""gunicorn settings for the Academy's web process (`gunicorn -c platform/gunicorn.conf.py`).

Sized for the 2-core machines the project runs on: sync workers, since every view is
short and the slow parts (grading, email, certificates) run in Celery; threaded (gthread)
workers when GUNICORN_THREADS > 1.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# Members-only video is handed to nginx (X-Accel-Redirect) or S3 in production; a worker
# never streams a large file for long. With PROTECTED_MEDIA_DELIVERY=django the settings
# require GUNICORN_THREADS >= 8 (gthread): a slow viewer then holds a thread, not a worker,
# and gthread's heartbeat does not kill a long download at `timeout`.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
preload_app = True
