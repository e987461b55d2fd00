"""Small-group suppression: the rule lives in `insights.suppression` (the dashboard's figures
follow the same rule as vision feedback); vision and campaigns import it from here."""

from insights.suppression import (
    NOT_SET_LABEL,
    Cell,
    Partition,
    breakdown,
    min_group,
    pool,
    suppress_one,
)

__all__ = ["NOT_SET_LABEL", "Cell", "Partition", "breakdown", "min_group", "pool", "suppress_one"]
