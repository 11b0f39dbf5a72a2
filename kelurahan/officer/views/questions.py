"""Questions officers relay for residents at /petugas/pertanyaan/, and the office's answers.

The resident's identity is not needed. The receipt code for the resident is rendered once in
the response to the relay, like an assisted report's (kelurahan.officer.views.reports).
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView

from kelurahan.models import Question, Topic
from kelurahan.officer.mixins import OfficerRequiredMixin, ScopedObjectMixin
from kelurahan.selectors.questions import questions_for_officer
from kelurahan.services.questions import TEXT_MAX_LENGTH, question_relay
from kelurahan.services.tips import format_receipt


class RelayQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("The resident's question"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write the question as the resident asked it. Their name is not needed."),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.order_by("order", "name"),
        required=False,
        empty_label=_("I am not sure"),
    )
    contact = forms.CharField(
        label=_("The resident's phone number or e-mail"),
        max_length=200,
        required=False,
        help_text=_(
            "Only if the resident wants the office to contact them. Otherwise leave it empty: "
            "you will see the answer here, and the resident can read it with the receipt code."
        ),
    )


def question_status_url() -> str:
    """Where residents read the answer with their code, in Indonesian."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("public:question_status")


class QuestionListView(OfficerRequiredMixin, ListView):
    template_name = "officer/question_list.html"
    context_object_name = "questions"
    paginate_by = 20

    def get_queryset(self):
        return questions_for_officer(self.request.user)


class QuestionDetailView(ScopedObjectMixin, TemplateView):
    model = Question
    context_object_name = "question"
    template_name = "officer/question_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("topic")


class QuestionRelayView(OfficerRequiredMixin, FormView):
    template_name = "officer/question_form.html"
    form_class = RelayQuestionForm

    def form_valid(self, form):
        try:
            question, code = question_relay(by=self.officer_user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        context = self.get_context_data(
            question=question,
            receipt=format_receipt(code),
            status_url=self.request.build_absolute_uri(question_status_url()),
        )
        response = render(self.request, "officer/question_receipt.html", context)
        add_never_cache_headers(response)
        return response
