"""URLs of the vision area (brand/urls.py includes them in the "brand" namespace)."""

urlpatterns: list = []
