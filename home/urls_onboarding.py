"""Onboarding paths: a new person's checklist, and a manager's view of their reports."""

app_name = "onboarding"

urlpatterns: list = []
