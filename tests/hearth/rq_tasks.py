"""A task for tests/hearth/test_rq_tasks.py: the RQ worker process imports it by path."""

from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    return a + b
