"""One module per benchmark scenario; `bench/run.py` finds them here (see bench/README.md)."""
