"""A real worker and a broker outage for the outbox tests."""

from tests.support.worker import start_worker, worker_queue  # noqa: F401
