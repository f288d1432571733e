"""Command-line jobs: `python -m planning <job>` (see `planning.__main__`)."""
