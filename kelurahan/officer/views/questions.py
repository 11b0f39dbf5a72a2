"""Questions officers relay for residents at /petugas/pertanyaan/, and the office's answers.

The resident's identity is not needed. The receipt code for the resident is rendered once in
the response to the relay, like an assisted report's (kelurahan.officer.views.reports).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, TemplateView

from kelurahan.form_errors import attach_errors
from kelurahan.models import Question, Topic
from kelurahan.officer.mixins import OfficerRequiredMixin, ScopedObjectMixin
from kelurahan.officer.receipts import receipt_page
from kelurahan.selectors.questions import questions_for_officer
from kelurahan.services.questions import TEXT_MAX_LENGTH, question_relay


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
            attach_errors(form, error)
            return self.form_invalid(form)
        context = self.get_context_data(question=question)
        return receipt_page(
            self.request, "officer/question_receipt.html", code, "public:question_status", context
        )
