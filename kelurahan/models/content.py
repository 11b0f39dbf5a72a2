"""Topics of the programme and the educational articles (edukasi) staff write."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kelurahan.i18n import LocalizedText, TranslatedFieldsMixin
from kelurahan.querysets import ArticleQuerySet

SHARE_TEXT_LENGTH = 400


class Topic(TranslatedFieldsMixin, models.Model):
    """A subject of outreach and education: TPPO, TPPM, passports, migrant work, APOA, ..."""

    translated_fields = ("name",)

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Article(TranslatedFieldsMixin, models.Model):
    translated_fields = ("title", "summary", "body", "share_text")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(
        _("body"), help_text=_("Plain text. Separate paragraphs with an empty line.")
    )
    share_text = models.CharField(
        _("share text"),
        max_length=SHARE_TEXT_LENGTH,
        blank=True,
        help_text=_(
            "A short message in plain words that officers pass on by WhatsApp; a link back "
            "to the article is added. Leave it empty to use the summary."
        ),
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    body_en = models.TextField(_("body in English"), blank=True)
    share_text_en = models.CharField(
        _("share text in English"), max_length=SHARE_TEXT_LENGTH, blank=True
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="articles", verbose_name=_("topic")
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["topic__order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:article", kwargs={"slug": self.slug})

    def get_print_url(self):
        return reverse("public:article_print", kwargs={"slug": self.slug})

    @property
    def share_title(self) -> LocalizedText:
        """The first line of the material to pass on (a FAQ entry's is its question)."""
        return self.i18n.title

    @property
    def share_message(self) -> LocalizedText:
        """The text to pass on, in the reader's language: the share text, else the summary."""
        text = self.i18n.share_text
        if text.strip() and not (text.is_fallback and self.i18n.summary.lang != text.lang):
            return text
        return self.i18n.summary
