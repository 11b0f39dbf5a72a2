"""The admin, proven per role: every ModelAdmin's pages and actions, and the admin's own pages.

Records of Kebon Kosong's office are absent for staff of another office: their change, delete
and history URLs answer like a missing record (a redirect to the index) or 403, never 200,
and their actions change nothing. The expectations live in tests/support/adminmatrix.py.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.support import accessmatrix as am
from tests.support import adminpages
from tests.support.accessmatrix import FORBIDDEN, GONE, OK, TO_ADMIN_LOGIN, Expect
from tests.support.adminmatrix import (
    AUTOCOMPLETE,
    FORGED,
    MODELS,
    NOT_STAFF,
    SITE_CASES,
    VIEWS,
    admin_url,
    forged_forms,
    model_admin,
    request_as,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_second_factor")]


@pytest.fixture
def world(access_matrix_world, db):
    return access_matrix_world


# Every ModelAdmin's pages, for every role.

MODEL_PAIRS = [
    pytest.param(label, view, role, id=f"{label}-{view}-{role}")
    for label in MODELS
    for view in VIEWS
    for role in am.ROLES
]


@pytest.mark.parametrize(("label", "view", "role"), MODEL_PAIRS)
def test_model_admin_page_answers_role(client, world, label, view, role):
    obj = MODELS[label].build(world)
    world.login(client, role)
    response = client.get(admin_url(label, view, obj))
    MODELS[label].expect(role, view).check(response)


@pytest.mark.parametrize(
    ("label", "role"),
    [pytest.param(label, role, id=f"{label}-{role}") for label in MODELS for role in am.ROLES],
)
def test_model_admin_old_change_url_leads_to_change_page(client, world, label, role):
    """/admin/<app>/<model>/<pk>/ redirects to .../change/, which then decides (above)."""
    obj = MODELS[label].build(world)
    world.login(client, role)
    change = admin_url(label, "change", obj)
    response = client.get(change.removesuffix("change/"))
    expected = TO_ADMIN_LOGIN if role in NOT_STAFF else Expect(302, change)
    expected.check(response)


REFUSED_POSTS = [
    pytest.param(label, view, role, id=f"{label}-{view}-POST-{role}")
    for label, spec in MODELS.items()
    for view in ("change", "delete")
    for role in am.ROLES
    if spec.refusal(role, view) is not None
]


@pytest.mark.parametrize(("label", "view", "role"), REFUSED_POSTS)
def test_model_admin_refused_post_changes_nothing(client, world, label, view, role):
    obj = MODELS[label].build(world)
    world.login(client, role)
    before = am.snapshot()
    response = client.post(admin_url(label, view, obj), {"post": "yes", "name": "Diubah"})
    MODELS[label].refusal(role, view).check(response)
    assert am.snapshot() == before
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


OFFICE_RECORDS = [label for label, spec in MODELS.items() if spec.other_staff["change"] == GONE]


@pytest.mark.parametrize("label", OFFICE_RECORDS)
def test_changelist_lists_record_for_its_office_only(client, world, label):
    obj = MODELS[label].build(world)
    listed = {}
    for role in ("staff", "other_staff", "superuser"):
        world.login(client, role)
        response = client.get(admin_url(label, "changelist"))
        listed[role] = obj.pk in {row.pk for row in response.context["cl"].result_list}
    assert listed == {"staff": True, "other_staff": False, "superuser": True}


# Every admin action, sent by those who must not touch Kebon Kosong's records.

ACTIONS = [
    (label, name)
    for label, spec in MODELS.items()
    if spec.other_staff["delete"] != OK  # shared records stay usable by every office
    for _func, name, _description in model_admin(label)._get_base_actions()
]


@pytest.mark.parametrize(
    ("label", "action", "role"),
    [
        pytest.param(label, action, role, id=f"{label}:{action}-{role}")
        for label, action in ACTIONS
        for role in (*NOT_STAFF, "other_staff")
    ],
)
def test_admin_action_on_kebon_kosong_record_changes_nothing(client, world, label, action, role):
    obj = MODELS[label].build(world)
    world.login(client, role)
    changelist = admin_url(label, "changelist")
    data = {
        "action": action,
        ACTION_CHECKBOX_NAME: [obj.pk],
        "index": 0,
        "post": "yes",  # delete_selected's confirmation
        "apply": "1",  # the cancel action's reason form
        "reason": "Dibatalkan",
    }
    before = am.snapshot()
    response = client.post(changelist, data)
    assert am.snapshot() == before
    if role in NOT_STAFF:
        expected = TO_ADMIN_LOGIN
    elif MODELS[label].other_staff["changelist"] == FORBIDDEN:
        expected = FORBIDDEN
    elif model_admin(label).get_actions(request_as(world.user(role))):
        # Theirs: it ran on an empty selection. Not theirs: "No action selected". Both redirect.
        expected = Expect(302, changelist)
    else:
        expected = OK  # no action at all for them: the POST only shows the list again
    expected.check(response)


def test_session_cancel_page_shows_only_for_the_office(client, world):
    """The cancel action asks for a reason first: staff of the office see that page."""
    session = world.session
    data = {"action": "cancel", ACTION_CHECKBOX_NAME: [session.pk], "index": 0}
    url = admin_url("kelurahan.OutreachSession", "changelist")
    world.login(client, "staff")
    page = client.post(url, data)
    assert page.status_code == 200
    assert list(page.context["sessions"]) == [session]
    world.login(client, "other_staff")
    page = client.post(url, data)
    assert page.status_code == 200
    assert list(page.context["sessions"]) == []


@pytest.mark.parametrize(("case", "role"), am.pairs(SITE_CASES))
def test_admin_site_url_answers_role(client, world, case, role):
    response, kwargs = case.send(client, world, role)
    case.expect[role].check(response, kwargs)


def test_every_model_admin_is_in_the_matrix():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(MODELS), "add each new ModelAdmin to MODELS with its expectations"


# What the scoped pages show to another office's staff.


def test_autocomplete_offers_only_own_office_kelurahan(client, world):
    url = f"{reverse('admin:autocomplete')}?{AUTOCOMPLETE}"
    found = {}
    for role in ("staff", "other_staff"):
        world.login(client, role)
        found[role] = {row["text"] for row in client.get(url).json()["results"]}
    assert world.kebon_kosong.name in found["staff"]
    assert world.kebon_kosong.name not in found["other_staff"]


def test_dashboard_and_recap_show_only_own_office(client, world):
    world.session  # noqa: B018 - Kebon Kosong has a session to count
    pages = (reverse("admin:index"), reverse("admin:kelurahan_recap_csv"))
    seen = {}
    for role in ("staff", "other_staff"):
        world.login(client, role)
        seen[role] = [b"".join(client.get(url)).decode() for url in pages]
    assert all("Kebon Kosong" in page for page in seen["staff"])
    assert not any("Kebon Kosong" in page for page in seen["other_staff"])


def kebon_kosong_names(world) -> list[str]:
    """Words that would betray Kebon Kosong's office's records on another office's page."""
    return [
        world.kebon_kosong.name,
        world.kebon_kosong.kecamatan.name,  # Kemayoran: in kecamatan filters
        world.session.title,
        world.liaison.name,
        world.user("officer_kk").username,
        world.user("staff").username,
    ]


@pytest.mark.parametrize(
    ("label", "view"),
    [
        (label, view)
        for label in OFFICE_RECORDS
        for view in ("changelist", "add")
        if MODELS[label].other_staff[view] == OK
    ],
)
def test_other_office_pages_name_nothing_of_kebon_kosong(client, world, label, view):
    """Rows, filters and the choices of add forms are all limited to the user's own office."""
    world.login(client, "other_staff")
    text = client.get(admin_url(label, view)).content.decode()
    assert [name for name in kebon_kosong_names(world) if name in text] == []


@pytest.mark.parametrize("own", [False, True], ids=["forged", "own records"])
@pytest.mark.parametrize("field", FORGED)
def test_add_form_refuses_another_offices_records(client, world, field, own):
    """Forged: the form is shown again and nothing is saved. Own records: the same form saves."""
    label, data = forged_forms(world, own)[field]
    world.login(client, "other_staff")
    before = am.snapshot()
    response = client.post(admin_url(label, "add"), data)
    if own:
        assert response.status_code == 302, response.context["adminform"].form.errors
        return
    assert response.status_code == 200
    assert response.context["errors"]
    assert am.snapshot() == before


@pytest.mark.parametrize(
    ("label", "build", "answer"),
    [
        # Read-only for staff: the rest of the form saves, the office stays.
        ("kelurahan.Kelurahan", lambda world: world.kebon_kosong, 302),
        # Offers only the user's own office: the form is shown again with an error.
        ("kelurahan.LiaisonOfficer", lambda world: world.liaison, 200),
    ],
    ids=["kelurahan", "liaison officer"],
)
def test_staff_cannot_hand_a_record_to_another_office(client, world, label, build, answer):
    obj = build(world)
    world.login(client, "staff")
    url = admin_url(label, "change", obj)
    data = adminpages.form_data(client.get(url))
    assert "office" in data or answer == 302
    data["office"] = world.user("other_staff").office_staff.office.pk
    response = client.post(url, data)
    assert response.status_code == answer
    if answer == 200:
        assert "office" in response.context["adminform"].form.errors
    obj.refresh_from_db()
    assert obj.office == world.kebon_kosong.office
