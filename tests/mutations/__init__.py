"""Helpers for the mutation tests: copy a release folder, alter it, run the pipeline."""
