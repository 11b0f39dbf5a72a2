"""The superusers' rename of a kelurahan's public address: the old slug redirects for good."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kelurahan import services
from kelurahan.form_errors import attach_errors


class RenameForm(forms.Form):
    slug = forms.SlugField(
        label=gettext_lazy("New address (slug)"),
        max_length=100,
        help_text=gettext_lazy(
            "Lower-case letters, digits and hyphens, for example kebon-kosong. The old address "
            "keeps working: it sends readers of printed posters here."
        ),
    )


def rename_kelurahan(model_admin, request, object_id):
    """GET: the form; POST: kelurahan_change_slug, then back to the kelurahan's page."""
    if not request.user.is_superuser:
        raise PermissionDenied
    kelurahan = model_admin.get_object(request, unquote(object_id))
    if kelurahan is None:
        raise Http404
    form = RenameForm(request.POST or None, initial={"slug": kelurahan.slug})
    if request.method == "POST" and form.is_valid():
        try:
            services.kelurahan_change_slug(
                kelurahan=kelurahan, slug=form.cleaned_data["slug"], by=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The address changed; the old one redirects to it."))
            return redirect(reverse("admin:kelurahan_kelurahan_change", args=[kelurahan.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Change the address of %(name)s") % {"name": kelurahan.name},
        "opts": model_admin.opts,
        "original": kelurahan,
        "form": form,
    }
    return TemplateResponse(request, "admin/kelurahan/kelurahan/rename.html", context)
