"""A minimal Django project with no middleware, the floor `bench/run.py` compares with."""
