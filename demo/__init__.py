"""Hearth's demo organisation: data files under `content/` and the loader that feeds them
to the apps' own importers and services (`manage.py seed_demo`). Never in production."""
