"""URLs of the ideas area (brand/urls.py includes them in the "brand" namespace)."""

urlpatterns: list = []
