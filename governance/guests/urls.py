"""Guests' pinholes (/guests/…): the owners' list and invite form, and the invite link."""

from django.urls import path

from governance.guests import views

app_name = "guests"

urlpatterns = [
    path("", views.guest_list, name="list"),
    path("invite/", views.invite, name="invite"),
    path("access/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("invites/<int:pk>/revoke/", views.revoke_invite, name="revoke_invite"),
    # Works signed out (login_not_required): the guest has no account yet.
    path("accept/<str:token>/", views.accept, name="accept"),
]
