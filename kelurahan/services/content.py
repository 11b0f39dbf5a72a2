"""Staff-written public content and the liaison officers' public profiles."""

import logging
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from kelurahan.models import Article, LiaisonOfficer

logger = logging.getLogger(__name__)


@transaction.atomic
def article_save(*, article: Article | None, by: User | None = None, **fields: Any) -> Article:
    """Create or change an article; its first publication stamps the publication time."""
    if article is None or article.pk is None:
        article = Article()
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
    for field, value in fields.items():
        setattr(article, field, value)
    if article.is_published and article.published_at is None:
        article.published_at = timezone.now()
    article.full_clean()
    article.save()
    logger.info("article %s saved by user %s", article.pk, getattr(by, "pk", None))
    return article


@transaction.atomic
def liaison_officer_save(
    *, officer: LiaisonOfficer | None, by: User | None = None, **fields: Any
) -> LiaisonOfficer:
    """Create or change a liaison officer's profile (its photo already re-encoded by the form)."""
    if officer is None or officer.pk is None:
        officer = LiaisonOfficer()
    else:
        officer = LiaisonOfficer.objects.select_for_update().get(pk=officer.pk)
    for field, value in fields.items():
        # As a form would: a new photo is stored, False clears it.
        model_field = LiaisonOfficer._meta.get_field(field)
        assert isinstance(model_field, Field)  # a profile's own column, never a relation back
        model_field.save_form_data(officer, value)
    officer.full_clean()
    officer.save()
    logger.info("liaison officer %s saved by user %s", officer.pk, getattr(by, "pk", None))
    return officer
