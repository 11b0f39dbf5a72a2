"""Values every template needs: the site name and the office's hotlines."""

from django.conf import settings

from kelurahan.hotlines import HOTLINES


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "HOTLINES": HOTLINES}
