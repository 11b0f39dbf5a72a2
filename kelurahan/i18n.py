"""Staff-written content in the reader's language, falling back to Indonesian.

Content fields hold Indonesian text; an optional `<field>_en` holds the English version.
Templates use the model's `i18n` property: `{{ article.i18n.title }}` is the English title on
/en/ pages when staff wrote one, and the Indonesian title otherwise. The returned text knows its
language, so a page can mark Indonesian text inside an English page with `lang="id"`:
`<h1{{ article.i18n.title.lang_attr }}>`, and `is_fallback` says when to tell the reader.
"""

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def content_language() -> str:
    """The language the stored content fields are written in (Indonesian)."""
    return settings.LANGUAGE_CODE.split("-")[0]


def current_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


class LocalizedText(str):
    """A piece of content with the language it is written in."""

    lang: str
    is_fallback: bool

    def __new__(cls, text: str, *, lang: str, is_fallback: bool = False):
        value = super().__new__(cls, text or "")
        value.lang = lang
        value.is_fallback = is_fallback
        return value

    @property
    def lang_attr(self) -> SafeString:
        """` lang="id"` when the text is not in the page's language, else nothing."""
        if self.lang == current_language():
            return SafeString("")
        return format_html(' lang="{}"', self.lang)


def localized(obj, field: str, language: str | None = None) -> LocalizedText:
    """obj.<field> in the given (or current) language, or the Indonesian text if none."""
    language = (language or current_language()).split("-")[0]
    base = content_language()
    if language != base:
        translated = getattr(obj, f"{field}_{language}", "") or ""
        if translated.strip():
            return LocalizedText(translated, lang=language)
    original = getattr(obj, field) or ""
    return LocalizedText(original, lang=base, is_fallback=language != base and bool(original))


class _LocalizedFields:
    """Attribute access to an object's translated fields in the current language."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def __getattr__(self, field: str) -> LocalizedText:
        if field not in type(self._obj).translated_fields:
            raise AttributeError(field)
        return localized(self._obj, field)


class TranslatedFieldsMixin:
    """Adds `obj.i18n.<field>` for the fields listed in `translated_fields`."""

    translated_fields: tuple[str, ...] = ()

    @property
    def i18n(self) -> _LocalizedFields:
        return _LocalizedFields(self)
