"""Work that must happen, recorded in the database with the change that asks for it.

A request that needs a task (an account email, a regrade, a certificate) writes an
`OutboxMessage` in its own transaction and tries to hand it to the broker once that
transaction commits. A broker that is down costs nothing but time: the message waits in
the database and `outbox.flush` (beat, and each time a worker starts) publishes it again.
The worker runs each message once (`services.deliver` claims it first), however many
times it was published.
"""
