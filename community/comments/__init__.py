"""Threaded comments under a page: posting, replying, editing, deleting, mentions, and the
cached comment cards."""
