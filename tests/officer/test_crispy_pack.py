"""Our crispy-forms template pack (templates/binaan/): officer forms render without Bootstrap."""

import inspect

import pytest
from crispy_forms import bootstrap, layout
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.template.loader import get_template

# Layout objects that need Bootstrap's JavaScript; the officer pages run without it.
NEEDS_BOOTSTRAP_JS = {"Accordion", "AccordionGroup", "Modal", "Tab", "TabHolder", "Alert"}


def test_crispy_pack_is_ours_and_has_a_template_for_every_layout_object():
    assert settings.CRISPY_TEMPLATE_PACK == "binaan"
    names = set()
    for module in (layout, bootstrap):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            for attribute in ("template", "field_template"):
                value = getattr(cls, attribute, None)
                if isinstance(value, str) and "%s" in value and name not in NEEDS_BOOTSTRAP_JS:
                    names.add(value % "binaan")
    names |= {f"binaan/{name}.html" for name in ("uni_form", "whole_uni_form", "errors")}

    assert len(names) > 15
    for name in sorted(names):
        assert get_template(name), name


class Sample(forms.Form):
    name = forms.CharField(help_text="Your name.")
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    agree = forms.BooleanField()


@pytest.mark.parametrize("data", [None, {"name": "", "kind": "x"}])
def test_crispy_pack_renders_layouts_with_our_class_names(data):
    form = Sample(data=data)
    form.helper = FormHelper()
    form.helper.layout = Layout(Fieldset("About you", Div(Field("name"), "kind")), "agree")
    form.helper.add_input(Submit("save", "Save"))

    html = render_crispy_form(form)

    assert "<legend>About you</legend>" in html
    assert 'class="textinput form-control' in html and 'class="form-text"' in html
    assert 'class="form-check-input' in html and "btn btn-primary" in html
    assert "bootstrap" not in html.lower()
    if data is not None:
        assert "form-control is-invalid" in html and 'class="invalid-feedback"' in html


def test_crispy_tag_never_nests_a_form_inside_the_page_form(rf):
    """A form without a helper defaults to form_tag=True; the page's template owns the form."""
    page = Template(
        '{% load crispy_forms_tags %}<form method="post">{% csrf_token %}{% crispy form %}</form>'
    )
    request = rf.get("/")

    html = page.render(Context({"form": Sample(), "request": request}))

    assert html.count("<form") == 1 and html.count("</form>") == 1
    assert 'name="name"' in html
