"""Backup and restore: one archive of the database and the default media storage.

`manage.py backup OUT` and `manage.py restore IN` are thin commands over `services`.
Core imports no domain app, so everything here works generically over Django's
connection and storage APIs.
"""
