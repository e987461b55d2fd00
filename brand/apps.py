from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = _("Vision and brand")
