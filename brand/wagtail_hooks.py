"""Admin for the brand app: each area registers its viewsets and menu items in brand/admin/."""

from brand.admin import assets, campaigns, ideas, leadership, vision  # noqa: F401
