"""Staff sessions end after STAFF_IDLE_SECONDS without a request."""

from django.conf import settings


class StaffIdleTimeoutMiddleware:
    """Give a staff member's session a short, sliding expiry; officers keep the default.

    set_expiry() stores the age in the session, so each staff request saves the session with a
    new expiry date: the server forgets it (and the cookie expires) once the staff member has
    been idle that long. Requests without a session are left alone, so public pages do not
    start varying on the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._is_staff(request):
            request.session.set_expiry(settings.STAFF_IDLE_SECONDS)
        return response

    @staticmethod
    def _is_staff(request) -> bool:
        session = getattr(request, "session", None)
        if session is None:
            return False
        if not (session.accessed or settings.SESSION_COOKIE_NAME in request.COOKIES):
            return False
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and user.is_staff)
