"""Reactions to a page or a comment (helpful, like, insightful, celebrate) and who gave them."""
