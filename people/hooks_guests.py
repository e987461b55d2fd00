"""Wagtail hooks for guests (pinholes): the owners' guest list, audit labels."""
