"""gunicorn reads this file from the folder it starts in (docs/observability.md).

With several workers, Prometheus's figures are kept per worker in PROMETHEUS_MULTIPROC_DIR
and added up at each scrape: the folder is emptied when the server starts, so figures of an
earlier run are not counted again, and a worker that exits has its live gauges removed.
"""

import os
from pathlib import Path


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # Only prometheus_client's own files: the folder may have been given carelessly.
        for figures in Path(folder).glob("*.db"):
            figures.unlink()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
