from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = _("Vision and brand")

    def ready(self):
        from brand import signals_campaigns  # noqa: F401  (connects the campaign channels)
