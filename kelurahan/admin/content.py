"""Topics and the educational articles (edukasi) staff write for the public pages."""

from django.contrib import admin
from django.utils import timezone

from kelurahan.models import Article, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "topic", "is_published", "published_at", "updated_at")
    list_filter = ("topic", "is_published")
    list_select_related = ("topic",)
    search_fields = ("title", "summary", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("topic",)
    readonly_fields = ("published_at", "updated_at")
    fields = ("title", "slug", "topic", "summary", "body", "is_published", "published_at")

    def save_model(self, request, obj, form, change):
        """The first publication stamps the publication time."""
        if obj.is_published and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)
