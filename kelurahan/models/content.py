"""Topics of the programme and the educational articles (edukasi) staff write."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kelurahan.i18n import TranslatedFieldsMixin
from kelurahan.querysets import ArticleQuerySet


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
    translated_fields = ("title", "summary", "body")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(
        _("body"), help_text=_("Plain text. Separate paragraphs with an empty line.")
    )
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    body_en = models.TextField(_("body in English"), blank=True)
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
