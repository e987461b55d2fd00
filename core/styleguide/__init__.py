"""The living style guide (/styleguide/, staff only): every design token and every shared
component (templates/components/) in its variants, in the light and the dark theme.
docs/design.md says how to add a component and its entry here."""
