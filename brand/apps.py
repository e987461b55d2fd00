from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandConfig(AppConfig):
    name = "brand"
    verbose_name = _("Vision and brand")

    def ready(self):
        # Imported once the models are loaded: each registers on import, the page-context
        # providers with core.page_context and the campaign channels with page_published.
        from brand import contributions
        from brand.campaigns import context as campaigns_context  # noqa: F401
        from brand.campaigns import signals  # noqa: F401
        from brand.hub import context as hub_context  # noqa: F401
        from brand.ideas import context as ideas_context  # noqa: F401
        from brand.news import context as news_context  # noqa: F401
        from brand.vision import context as vision_context  # noqa: F401
        from brand.vision import measures as vision_measures

        contributions.register()  # ideas shipped count; the values kudos may name
        vision_measures.register()  # vision and campaigns on the insights dashboard

        from brand import pilot_voices
        from insights.pilots import voices

        voices.register("brand", pilot_voices.said)  # what a pilot's people said
