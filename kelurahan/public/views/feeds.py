"""RSS 2.0 and Atom feeds of published outreach sessions, newest announcement first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from kelurahan.models import OutreachSession

FEED_ITEMS = 30
FEED_MAX_AGE = 900


class SessionsRssFeed(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    def title(self):
        return _("Outreach sessions") + " · " + str(settings.SITE_NAME)

    def link(self):
        return reverse("public:home")

    def author_name(self):
        """The portal publishes the feed; Atom (RFC 4287) requires an author for the feed."""
        return str(settings.SITE_NAME)

    def description(self):
        return _(
            "Outreach sessions (sosialisasi) of the Desa/Kelurahan Binaan programme: "
            "new, held and cancelled."
        )

    def items(self):
        return (
            OutreachSession.objects.published()
            .select_related("kelurahan")
            .prefetch_related("topics")
            # Newest announcement first: by primary key, which grows as sessions are created,
            # so the database reads the last FEED_ITEMS rows of its index instead of sorting
            # every published session by created_at (0.8 s at 500,000 sessions).
            .order_by("-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        title = f"{item.i18n.title} · {item.kelurahan.name}"
        if item.status == OutreachSession.Status.CANCELLED:
            title = f"{title} ({OutreachSession.Status.CANCELLED.label})"
        return title

    def item_description(self, item):
        when = formats.date_format(timezone.localtime(item.starts_at), "l, j F Y, H:i")
        parts = [f"{when} WIB", item.venue, item.kelurahan.name]
        if item.status == OutreachSession.Status.CANCELLED:
            parts.append(str(OutreachSession.Status.CANCELLED.label))
        text = " · ".join(part for part in parts if part)
        if item.i18n.description:
            text = f"{text}\n\n{item.i18n.description}"
        # Feed readers treat the description as HTML: escape it, keep the paragraphs.
        return linebreaks(text, autoescape=True)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(topic.i18n.name) for topic in item.topics.all()]


class SessionsAtomFeed(SessionsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
