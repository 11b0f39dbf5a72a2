"""Pages for residents: read-only, working without JavaScript."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from kelurahan.public.cache import public_page
from kelurahan.selectors import public as selectors
from kelurahan.selectors import regions


@public_page
@require_safe
def home(request):
    return render(request, "public/home.html", selectors.home_page())


@public_page
@require_safe
def directory(request):
    context = regions.directory_page(request.GET.get("q"), request.GET.get("page"))
    return render(request, "public/directory.html", context)


@public_page
@require_safe
def kelurahan_detail(request, slug):
    return render(request, "public/kelurahan_detail.html", selectors.kelurahan_page(slug))


@public_page
@require_safe
def short_link(request, kode):
    """The permanent short URL printed on posters: /k/<kode wilayah without dots>."""
    kelurahan = selectors.kelurahan_by_short_code(kode)
    return redirect("public:kelurahan", slug=kelurahan.slug, permanent=True)


@public_page
@require_safe
def session_detail(request, pk):
    return render(request, "public/session_detail.html", selectors.session_page(pk))


@public_page
@require_safe
def article_list(request):
    return render(request, "public/article_list.html", selectors.articles_by_topic())


@public_page
@require_safe
def article_detail(request, slug):
    return render(request, "public/article_detail.html", selectors.article_page(slug))


@public_page
@require_safe
def article_print(request, slug):
    """/edukasi/<slug>/cetak/: the article on one A4 page, to print or save as PDF."""
    return render(request, "public/article_print.html", selectors.article_print_page(slug))


@public_page
@require_safe
def accessibility(request):
    """/aksesibilitas/: what conforms, what does not yet, how to ask for another format."""
    return render(request, "public/accessibility.html", selectors.accessibility_page())
