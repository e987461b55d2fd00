"""The one shape of URL patterns for actions on one item:
`<prefix><action>/` served by the view of the same name, named `<name>_<action>`."""

from types import ModuleType

from django.urls import URLPattern, path


def item_actions(prefix: str, views: ModuleType, name: str, *actions: str) -> list[URLPattern]:
    return [
        path(f"{prefix}{action}/", getattr(views, action), name=f"{name}_{action}")
        for action in actions
    ]
