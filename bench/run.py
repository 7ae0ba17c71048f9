"""Run the benchmarks: `bench/run.py [SCENARIO ...]` (all when none is named).

Prints one JSON line per scenario on stdout; progress and warnings go to stderr.
See bench/README.md.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv):
    # `python bench/run.py` puts bench/ first on the path; the project root is what we need
    # (so that bench/settings.py is `bench.settings`, never a top-level `settings`).
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.path.insert(0, str(ROOT))
    # Always the benchmark's settings (and so its own database), whatever the shell says.
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from bench.harness import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
