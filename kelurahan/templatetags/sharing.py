"""{% share_material title text path as material %}: see kelurahan/sharing.py."""

from django import template

from kelurahan.sharing import ShareMaterial, share_material

register = template.Library()


@register.simple_tag(takes_context=True, name="share_material")
def share_material_tag(context, title, text, path) -> ShareMaterial:
    """The material for the page at path (made absolute with the request's scheme and host)."""
    request = context.get("request")
    url = request.build_absolute_uri(path) if request is not None else path
    return share_material(title=title, text=text, url=url)
