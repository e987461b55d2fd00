"""What the dashboard shows, in which order: a registry of sections, each a list of
figures. Adoption and engagement are the dashboard's own (shares of headcount, figures per
active person); every other section lists the measures registered with its `section`
(`Measure.section`, set by the app that owns the data), so a new measure shows without a
template of its own, and a section with no measures does not show."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from insights import measures


class Kind(StrEnum):
    PLAIN = "plain"  # the measure as `insights.queries` reports it
    OF_HEADCOUNT = "of_headcount"  # people, as a share of headcount (the weeks' too)
    PER_ACTIVE_PERSON = "per_active_person"  # the measures' events per active person


ACTIVE_PEOPLE = "active_people"  # the base of figures per active person


@dataclass(frozen=True)
class Figure:
    """One table of the dashboard: `key` names it in URLs (?table=, /table/<key>/)."""

    key: str
    measures: tuple[str, ...]
    kind: Kind = Kind.PLAIN
    label: str | Promise = ""
    help_text: str | Promise = ""

    def reads(self) -> set[str]:
        """The measures its figures are made of."""
        if self.kind == Kind.PER_ACTIVE_PERSON:
            return {*self.measures, ACTIVE_PEOPLE}
        return set(self.measures)

    def available(self) -> bool:
        return all(measures.exists(key) for key in self.reads())


def plain(key: str) -> Figure:
    return Figure(key, (key,))


def of_headcount(key: str, label) -> Figure:
    return Figure(
        f"{key}_share",
        (key,),
        Kind.OF_HEADCOUNT,
        label,
        _("Of the staff in each group today; each week's figure is that week's people."),
    )


CONTRIBUTIONS = (
    "comments",
    "annotations",
    "reactions",
    "questions",
    "answers",
    "accepted_answers",
    "ideas",
    "kudos",
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    intro: str | Promise = ""
    own: tuple[Figure, ...] = ()

    def figures(self) -> list[Figure]:
        """Its own figures, then each measure registered with this section."""
        chosen = [figure for figure in self.own if figure.available()]
        taken = {key for figure in chosen for key in figure.measures}
        chosen += [
            plain(measure.key)
            for measure in measures.all_measures()
            if measure.section == self.key and measure.key not in taken
        ]
        return chosen


SECTIONS: list[Section] = [
    Section(
        "adoption",
        _("Adoption"),
        _("Who reads and who takes part, as a share of the staff, and who comes back."),
        (
            of_headcount("active_readers", _("Active readers, share of staff")),
            plain("active_readers"),
            of_headcount("active_contributors", _("Active contributors, share of staff")),
            plain("active_contributors"),
            plain("new_people"),
            plain("return_rate"),
        ),
    ),
    Section(
        "engagement",
        _("Engagement"),
        _("How much people add, and how much of it comes from people who do not write pages."),
        (
            Figure(
                "contributions_per_person",
                CONTRIBUTIONS,
                Kind.PER_ACTIVE_PERSON,
                _("Contributions per active person"),
                _("Comments, annotations, reactions, questions, answers, ideas and kudos."),
            ),
            plain("non_editor_share"),
            plain("comments"),
            plain("annotations"),
            plain("reactions"),
        ),
    ),
    Section("knowledge", _("Knowledge health")),
    Section("findability", _("Findability")),
    Section("answers", _("Answers")),
    Section("vision", _("Vision and brand")),
]


def register(section: Section, *, before: str | None = None) -> None:
    """Add a section (or replace the one with its key), before the one keyed `before`."""
    SECTIONS[:] = [known for known in SECTIONS if known.key != section.key]
    keys = [known.key for known in SECTIONS]
    SECTIONS.insert(keys.index(before) if before in keys else len(SECTIONS), section)


def shown() -> list[tuple[Section, list[Figure]]]:
    """The sections that have figures, with them."""
    return [(section, figures) for section in SECTIONS if (figures := section.figures())]


def find(key: str) -> Figure | None:
    """The shown figure called `key`, if any."""
    for _section, figures in shown():
        for figure in figures:
            if figure.key == key:
                return figure
    return None
