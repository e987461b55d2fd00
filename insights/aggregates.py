"""`BitOr`: the bitwise OR of an integer column over a group (which verbs a person did in a
month, from their days). PostgreSQL has BIT_OR; SQLite has none, so the connection gets a
small aggregate of the same name when it opens (`register_sqlite_bit_or`)."""

from django.db.models import Aggregate, IntegerField


class BitOr(Aggregate):
    function = "BIT_OR"
    name = "BitOr"
    output_field = IntegerField()
    allow_distinct = False
    empty_result_set_value = None


class _SqliteBitOr:
    def __init__(self) -> None:
        self.value: int | None = None

    def step(self, value: int | None) -> None:
        if value is not None:
            self.value = value if self.value is None else self.value | value

    def finalize(self) -> int | None:
        return self.value


def register_sqlite_bit_or(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give SQLite connections BIT_OR(integer)."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("BIT_OR", 1, _SqliteBitOr)
