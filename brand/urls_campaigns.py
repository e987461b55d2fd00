"""URLs of the campaigns area (brand/urls.py includes them in the "brand" namespace)."""

urlpatterns: list = []
