"""The admin's "view on site" shortcut (/admin/r/<content type>/<id>/), scoped like the admin.

Django's own shortcut redirects any staff member to the public page of any object of any
model, whichever office it belongs to: the redirect (or its absence) tells another office's
staff that an id exists and where. Here the object must be in the queryset the model's admin
shows this user (ModelAdmin.get_queryset, which goes through kelurahan.permissions), with view
permission; anything else is a 404, as elsewhere in the admin.
"""

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404


def view_on_site(site, request, content_type_id, object_id):
    """Django's shortcut, for an object this user can open in the admin only."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_admin = site._registry.get(model)
    if model_admin is None:
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)
