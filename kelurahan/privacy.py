"""Keeping tipsters' request data out of error reports and logs.

Error reports (the admin e-mail, the debug page) normally list the request's headers, address
and cookies, the POST data and the local variables of every frame. For the tip line's URLs,
TipExceptionReporterFilter drops all of that. DropTipRequest, a logging filter, removes the
request object from log records about the tip URLs, so no handler or formatter can print it.
"""

import logging

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation
from django.views.debug import SafeExceptionReporterFilter

# Frames running this code show no variables in error reports, whatever the request.
TIP_MODULES = frozenset(
    {
        "kelurahan.public.views.tips",
        "kelurahan.public.forms",
        "kelurahan.services.tips",
        "kelurahan.files.images",
        "kelurahan.ratelimit",
        "kelurahan.public.views.tipline",
        "binaan.clientip",
        "kelurahan.public.views.questions",
        "kelurahan.services.questions",
    }
)


# URL names whose paths, and every path below them, get the tip line's protections: the
# tip line (/lapor/) and residents' questions (/tanya/), which are as sensitive as tips.
TIP_URL_NAMES = ("public:tip", "public:question_ask")


def tip_path_prefixes() -> tuple[str, ...]:
    """The tip line's and the question form's URL prefixes in every language: /lapor/, /en/lapor/,
    /tanya/, /en/tanya/.

    Asked on every request (twice): worked out once per script prefix, and again when the
    URLconf or the languages change (as tests do with override_settings).
    """
    script_prefix = get_script_prefix()
    prefixes = _TIP_PATH_PREFIXES.get(script_prefix)
    if prefixes is None:
        prefixes = _TIP_PATH_PREFIXES[script_prefix] = _reversed_tip_path_prefixes()
    return prefixes


_TIP_PATH_PREFIXES: dict[str, tuple[str, ...]] = {}


@receiver(setting_changed)
def _forget_tip_path_prefixes(setting, **kwargs) -> None:
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"):
        _TIP_PATH_PREFIXES.clear()


def _reversed_tip_path_prefixes() -> tuple[str, ...]:
    prefixes = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in TIP_URL_NAMES:
                try:
                    prefixes.add(reverse(name))
                except NoReverseMatch:
                    continue
    return tuple(prefixes)


def is_tip_request(request) -> bool:
    path = getattr(request, "path", None)
    return isinstance(path, str) and path.startswith(tip_path_prefixes())


def _runs_tip_code(frame) -> bool:
    while frame is not None:
        if frame.f_globals.get("__name__") in TIP_MODULES:
            return True
        frame = frame.f_back
    return False


class TipExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports about tip pages carry no headers, address, cookies, form data or locals."""

    def is_active(self, request):
        return is_tip_request(request) or super().is_active(request)

    def get_safe_request_meta(self, request):
        return {} if is_tip_request(request) else super().get_safe_request_meta(request)

    def get_safe_cookies(self, request):
        return {} if is_tip_request(request) else super().get_safe_cookies(request)

    def get_post_parameters(self, request):
        if not is_tip_request(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if is_tip_request(request) or _runs_tip_code(tb_frame):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)


class DropTipRequest(logging.Filter):
    """Remove the request from log records about tip pages (CSRF failures, 4xx, 5xx)."""

    def filter(self, record):
        if is_tip_request(getattr(record, "request", None)):
            record.request = None
        return True
