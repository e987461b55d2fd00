"""URLs of the assets area (brand/urls.py includes them in the "brand" namespace)."""

from django.urls import path

from brand.assets import views

urlpatterns = [
    path("", views.asset_list, name="asset_list"),
    path("<int:pk>/download/<str:size>/", views.download, name="asset_download"),
]
