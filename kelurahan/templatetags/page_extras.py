"""Page helpers: a block's text for Open Graph tags, responsive session photos, small portraits."""

import html

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import strip_tags

from kelurahan.files import thumbnails

register = template.Library()


def block_text(context, name: str) -> str:
    """The plain text of the page's own {% block name %}, so og:title repeats <title>."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context else None
    if block is None:
        return ""
    text = html.unescape(strip_tags(block.render(context)))  # escaped once more on output
    return " ".join(text.split())


@register.inclusion_tag("includes/_meta.html", takes_context=True)
def page_meta(context) -> dict:
    """Open Graph tags from the page's title and description blocks (in base.html's <head>)."""
    return {
        "request": context.get("request"),
        "SITE_NAME": context.get("SITE_NAME"),
        "og_type": "article" if context.get("article") else "website",
        "og_title": block_text(context, "title"),
        "og_description": block_text(context, "description"),
    }


@register.filter
def responsive(field_file) -> dict:
    """src, srcset, sizes, width and height for a session photo (kelurahan/files/thumbnails.py)."""
    return thumbnails.responsive(field_file)


@register.filter
def avatar_url(field_file) -> str:
    """A 144 px square copy of a portrait, instead of the full upload."""
    return thumbnails.avatar_url(field_file)
