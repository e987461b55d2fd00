from django.utils.functional import SimpleLazyObject

from core.navigation import main_navigation


def navigation(request):
    """The main navigation, computed only if a template actually shows it."""
    return {"main_navigation": SimpleLazyObject(lambda: main_navigation(request))}
