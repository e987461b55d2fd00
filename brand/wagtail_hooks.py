"""Admin for the brand app: each feature registers its viewsets, reports and menu items in
its own admin module."""

from brand.assets import admin as assets_admin  # noqa: F401
from brand.campaigns import admin as campaigns_admin  # noqa: F401
from brand.ideas import admin as ideas_admin  # noqa: F401
from brand.leadership import admin as leadership_admin  # noqa: F401
from brand.vision import admin as vision_admin  # noqa: F401
