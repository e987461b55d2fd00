"""The insights dashboard at /insights/ (issue 20): adoption, engagement and the sections
higher apps fill with their measures, for a period against the one before, with weekly
trends and figures by department, level or location, as HTML, CSV and JSON.

A feature folder: `forms` (the period), `sections` (what is shown, in which order),
`figures` (reports turned into tables, suppression carried through), `charts` (inline SVG),
`exports`, `views`, `urls`; `people` and `links` are what higher apps register (headcount,
the list behind a figure). Figures come from `insights.queries` only: never a person.
"""
