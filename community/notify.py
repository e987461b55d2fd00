"""Who hears about what: events in, notification rows and emails out (in tasks). Being built.

Every function here only schedules a background task (on commit); the task decides the
recipients, checks each may see the page, writes the rows and sends the emails.
"""


def comment_posted(comment) -> None:
    """Replies, mentions and watchers of the page."""


def annotation_posted(annotation) -> None:
    """Mentions, and the page's owner when the annotation is a question."""


def page_published(page, revision) -> None:
    """Watchers of the page and of the spaces above it, with the change note."""


def item_moderated(item, action: str, reason: str, moderator) -> None:
    """Tell the author of a comment or annotation that a moderator acted on it."""
