"""URLs of the leadership area (brand/urls.py includes them in the "brand" namespace)."""

urlpatterns: list = []
