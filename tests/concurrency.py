"""Running calls at the same instant, each in a thread with its own database connection,
for the tests that race the database's constraints and row locks."""

import threading

from django.db import connections


def run_together(calls, slots=None):
    """Run each callable in its own thread and connection, all released at once.

    At most ``slots`` threads hold a connection at a time (a shared server takes only so
    many, as a web server's pool would); the rest wait for one. Returns what each call
    returned, or the exception it raised.
    """
    barrier = threading.Barrier(len(calls))
    pool = threading.BoundedSemaphore(slots or len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            with pool:
                try:
                    outcomes[index] = call()
                finally:
                    connections.close_all()
        except Exception as error:  # noqa: BLE001 - the test inspects every outcome
            outcomes[index] = error

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
