"""Template tags of `core.late`: `{% late "name" arg %}` marks a slot filled per reader;
`{% late_fragment spec %}…{% endlate_fragment %}` keeps its content in the cache once per
`spec` (a `core.late.Fragment`, or None to render afresh) and fills its slots every time."""

from django import template
from django.utils.safestring import mark_safe

from core import late

register = template.Library()


@register.simple_tag(name="late")
def late_slot(name: str, arg: object = ""):
    """A slot for `name`'s filler (see core.late)."""
    return mark_safe(late.slot(name, arg))  # noqa: S308 - letters, digits and our name


class FragmentNode(template.Node):
    def __init__(self, spec: template.base.FilterExpression, nodelist: template.NodeList):
        self.spec = spec
        self.nodelist = nodelist

    def render(self, context) -> str:
        spec = self.spec.resolve(context)
        if not isinstance(spec, late.Fragment):  # not given: render afresh, keep nothing
            spec = None
        html = spec.html if spec is not None else None
        if html is None:
            # The reader's token never goes into the shared rendering: a slot stands for it.
            with context.push(csrf_token=late.slot(late.CSRF)):
                html = self.nodelist.render(context)
            if spec is not None:
                spec.store(html)
        return late.fill(html, context)


@register.tag("late_fragment")
def late_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% late_fragment spec %} takes one argument.")
    nodelist = parser.parse(("endlate_fragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), nodelist)
