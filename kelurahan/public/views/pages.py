"""Pages for residents: read-only, working without JavaScript."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from kelurahan.public.cache import public_page
from kelurahan.public.views import template_page
from kelurahan.selectors import public as selectors
from kelurahan.selectors import regions

home = template_page("public/home.html", selectors.home_page)
kelurahan_detail = template_page("public/kelurahan_detail.html", selectors.kelurahan_page)
session_detail = template_page("public/session_detail.html", selectors.session_page)
article_list = template_page("public/article_list.html", selectors.articles_by_topic)
article_detail = template_page("public/article_detail.html", selectors.article_page)
# /edukasi/<slug>/cetak/: the article on one A4 page, to print or save as PDF.
article_print = template_page("public/article_print.html", selectors.article_print_page)
# /aksesibilitas/: what conforms, what does not yet, how to ask for another format.
accessibility = template_page("public/accessibility.html", selectors.accessibility_page)


@public_page
@require_safe
def directory(request):
    context = regions.directory_page(request.GET.get("q"), request.GET.get("page"))
    return render(request, "public/directory.html", context)


@public_page
@require_safe
def short_link(request, kode):
    """The permanent short URL printed on posters: /k/<kode wilayah without dots>."""
    kelurahan = selectors.kelurahan_by_short_code(kode)
    return redirect("public:kelurahan", slug=kelurahan.slug, permanent=True)
