"""URLs of the assets area (brand/urls.py includes them in the "brand" namespace)."""

urlpatterns: list = []
