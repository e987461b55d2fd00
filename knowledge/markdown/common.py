"""What every step of the Markdown import shares: the limits a page is held to, and the
error that skips one file.

Front matter, the body converter, the planner and the writer all check these limits or
raise this error, so they live here rather than in any one of those modules.
"""

# Limits the admin forms enforce; the import checks them too, so an imported page can
# still be saved from the editor.
TITLE_MAX = 255
SUMMARY_MAX = 300
TAG_MAX = 100
HEADING_MAX = 200
IMAGE_TEXT_MAX = 250


class _FileError(Exception):
    """A problem with one file: it is reported and skipped, the others carry on."""
