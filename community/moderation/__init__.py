"""Flags and moderation: readers report comments and annotations; moderators hide or
restore them in Wagtail's admin (`hooks`), every action audited."""
