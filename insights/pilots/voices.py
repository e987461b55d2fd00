"""What the pilot's people said over its period: anonymous comments and the ideas they
voted for most. The apps that hold them (brand: vision feedback, the idea board) register
a provider from their AppConfig.ready; insights imports no higher app.

A provider gets the population and the period and returns `Voices` with the small-group
rule already applied: comments only when at least `min_group()` people of the population
answered, never with who wrote them; an idea's votes only when at least that many of them
voted for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from insights.queries import Period, Population


@dataclass
class Idea:
    title: str
    votes: int


@dataclass
class Voices:
    comments: list[str] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    # Some comments or ideas were left out because too few people of the population gave them.
    suppressed: bool = False

    def __bool__(self) -> bool:
        return bool(self.comments or self.ideas or self.suppressed)


Provider = Callable[[Population, Period], Voices]
_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    _providers[name] = provider


def collect(population: Population, period: Period) -> Voices:
    said = Voices()
    for provider in _providers.values():
        found = provider(population, period)
        said.comments += found.comments
        said.ideas += found.ideas
        said.suppressed |= found.suppressed
    said.ideas.sort(key=lambda idea: (-idea.votes, idea.title))
    return said
