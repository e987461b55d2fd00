from django.urls import path

from search import views
from search.palette import views as palette_views

urlpatterns = [
    path("", views.search, name="search"),
    path("discussions/", views.discussions, name="search_discussions"),
    path("autocomplete/", views.autocomplete, name="search_autocomplete"),
    path("click/", views.click, name="search_click"),
    path("feedback/", views.feedback, name="search_feedback"),
    path("palette/actions/", palette_views.actions, name="search_palette_actions"),
]
