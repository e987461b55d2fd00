"""Onboarding paths: a new person's checklist, and a manager's view of their reports."""

from django.urls import path

from home.onboarding import views

app_name = "onboarding"

urlpatterns: list = [
    path("", views.mine, name="mine"),
    path("assign/", views.assign, name="assign"),
    path("team/", views.team, name="team"),
    path("<int:assignment_id>/steps/<int:step_id>/done/", views.tick, name="tick"),
]
