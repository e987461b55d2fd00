"""Watching a page (or a whole space) to hear about new comments and publications."""
