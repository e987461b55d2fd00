from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = _("Vision and brand")

    def ready(self):
        from brand import contributions, signals_campaigns  # noqa: F401  (campaign channels)

        contributions.register()  # ideas shipped count; the values kudos may name
