"""Benchmark harness for Hearth: `make bench` runs bench/run.py (see bench/README.md)."""
