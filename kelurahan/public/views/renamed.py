"""Printed posters keep working: a kelurahan's former slug answers with a permanent redirect."""

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect

from kelurahan.models import KelurahanSlugRedirect


def follow_renamed_slug(view):
    """Wrap a view taking `slug`: when it finds no kelurahan, try the slugs it had before.

    The lookup runs only on the way to a 404, so pages that exist pay nothing for it.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            moved = (
                KelurahanSlugRedirect.objects.filter(old_slug=kwargs.get("slug"))
                .values_list("kelurahan__slug", flat=True)
                .first()
            )
            if moved is None:
                raise
            match = request.resolver_match
            target = redirect(match.view_name, **{**match.kwargs, "slug": moved})
            query = request.META.get("QUERY_STRING")
            return redirect(f"{target.url}?{query}" if query else target.url, permanent=True)

    return wrapper
