from django.urls import include, path

app_name = "community"

urlpatterns = [
    path("", include("community.urls_comments")),
    path("", include("community.urls_annotations")),
    path("", include("community.urls_notifications")),
    path("", include("community.urls_moderation")),
    path("groups/", include("community.urls_groups")),
]
