"""Reads about residents' questions and the public FAQ."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from kelurahan.models import FaqEntry, Kelurahan, Question, Topic
from kelurahan.permissions import scope_to_user

KELURAHAN_FAQ_ENTRIES = 5
SEARCH_MAX_LENGTH = 100


def questions_for_officer(user) -> QuerySet[Question]:
    """The questions an officer's kelurahan relayed, newest first."""
    return (
        scope_to_user(Question.objects.all(), user)
        .select_related("topic")
        .order_by("-submitted_at", "-pk")
    )


def _search(entries: QuerySet[FaqEntry], q: str) -> QuerySet[FaqEntry]:
    for word in q.split()[:8]:
        entries = entries.filter(
            Q(question__icontains=word)
            | Q(question_en__icontains=word)
            | Q(answer__icontains=word)
            | Q(answer_en__icontains=word)
        )
    return entries


def faq_by_topic(q: str = "") -> dict:
    """Published FAQ entries grouped by topic in the topics' order, matching q if given."""
    # NUL cannot be searched for (PostgreSQL refuses it in a query); spaces are collapsed.
    q = " ".join((q or "").replace("\x00", "").split())[:SEARCH_MAX_LENGTH]
    entries = FaqEntry.objects.published().order_by("pk")
    if q:
        entries = _search(entries, q)
    topics = (
        Topic.objects.filter(faq_entries__in=entries)
        .distinct()
        .order_by("order", "name")
        .prefetch_related(Prefetch("faq_entries", queryset=entries, to_attr="entries"))
    )
    found = list(topics)
    return {"topics": found, "q": q, "count": sum(len(t.entries) for t in found)}


def faq_for_kelurahan(kelurahan: Kelurahan) -> list[FaqEntry]:
    """The newest published answers to questions asked in this kelurahan (one query)."""
    return list(
        FaqEntry.objects.published()
        .filter(kelurahan=kelurahan)
        .select_related("topic")
        .order_by("-published_at", "-pk")[:KELURAHAN_FAQ_ENTRIES]
    )


def faq_entry_page(pk: int) -> dict:
    """A published answer with its topic, for its own page and its printable version."""
    entry = get_object_or_404(FaqEntry.objects.published().select_related("topic"), pk=pk)
    return {"entry": entry}
