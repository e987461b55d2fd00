"""Comments, replies, edits, soft deletes, mentions (issue 5). Being built."""


def page_context(request, page) -> dict:
    return {}
