"""Access for /petugas/: the officer and their kelurahan, resolved once per request."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render

from kelurahan.permissions import officer_profile, scope_to_user

if TYPE_CHECKING:  # the class-based views these mixins go in front of
    from django.db.models import Model
    from django.views.generic.base import ContextMixin, View

    class _OfficerView(ContextMixin, View): ...
else:
    _OfficerView = object


class OfficerRequiredMixin(_OfficerView):
    """Anonymous users go to the login page; logged-in non-officers get a 403 page."""

    forbidden_template_name = "officer/forbidden.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.officer = officer_profile(request.user)
        if self.officer is None:
            return render(request, self.forbidden_template_name, status=403)
        self.kelurahan = self.officer.kelurahan
        response = self.load_object()
        return response or super().dispatch(request, *args, **kwargs)

    @property
    def officer_user(self) -> User:
        """The officer's own account: dispatch lets no anonymous user through."""
        user = self.request.user
        assert isinstance(user, User)
        return user

    def load_object(self):
        """Hook for views about one record; may return a response to stop early."""
        return None

    def get_context_data(self, **kwargs):
        kwargs.setdefault("officer", self.officer)
        kwargs.setdefault("kelurahan", self.kelurahan)
        return super().get_context_data(**kwargs)


class ScopedObjectMixin(OfficerRequiredMixin):
    """Loads the record named by the URL from the officer's own kelurahan, else 404."""

    model: "type[Model]"  # set by each view
    context_object_name = "object"

    def get_queryset(self):
        return scope_to_user(self.model._default_manager.all(), self.request.user)

    def load_object(self):
        self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self.check_object()

    def check_object(self):
        """Return a response when the record cannot be used by this view (wrong state)."""
        return None

    def refuse(self, message):
        """Send the officer back to the record's page, saying why."""
        messages.warning(self.request, message)
        return redirect(self.object_url())

    def object_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault(self.context_object_name, self.object)
        return super().get_context_data(**kwargs)
