"""Search analytics: the query log (no person), clicks, "Was this helpful?" and the report."""

import csv
import io

from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query

from people.models import Department, Profile
from search.models import SearchClick, SearchFeedback, SearchLog
from tests.factories import UserFactory


def _search(client, django_capture_on_commit_callbacks, **params):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def test_a_search_is_logged_with_department_but_no_person(
    employee, employee_client, wiki, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=employee).update(department=Department.objects.create(name="Sales"))
    _search(employee_client, django_capture_on_commit_callbacks, q="Vacation")
    log = SearchLog.objects.get()
    assert (log.query, log.results, log.department) == ("vacation", 1, "Sales")
    assert not any(
        field.is_relation and field.related_model is type(employee)
        for field in SearchLog._meta.fields
    )
    assert Query.get("vacation").hits == 1


@override_settings(HEARTH_SEARCH_LOG_DEPARTMENT=False)
def test_the_department_can_be_left_out(
    employee, employee_client, wiki, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=employee).update(department=Department.objects.create(name="Sales"))
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation")
    assert SearchLog.objects.get().department == ""


def test_paging_and_filtering_do_not_log_again(
    employee_client, wiki, django_capture_on_commit_callbacks
):
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation")
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation", page=2)
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation", tag="leave")
    assert SearchLog.objects.count() == 1


def test_clicks_are_recorded_through_the_result_link(
    employee_client, wiki, django_capture_on_commit_callbacks
):
    html = _search(
        employee_client, django_capture_on_commit_callbacks, q="vacation"
    ).content.decode()
    token = str(SearchLog.objects.get().token)
    link = f"/search/click/?s={token}&amp;p={wiki['vacation'].pk}&amp;n=1"
    assert link in html
    with django_capture_on_commit_callbacks(execute=True):
        response = employee_client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302
    click = SearchClick.objects.get()
    assert (str(click.search), click.page_id, click.position) == (token, wiki["vacation"].pk, 1)


def test_was_this_helpful_with_htmx_and_without_javascript(
    employee_client, wiki, django_capture_on_commit_callbacks
):
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation")
    token = str(SearchLog.objects.get().token)
    with django_capture_on_commit_callbacks(execute=True):
        response = employee_client.post(
            "/search/feedback/", {"s": token, "helpful": "no"}, HTTP_HX_REQUEST="true"
        )
    assert 'data-testid="feedback-thanks"' in response.content.decode()
    assert SearchFeedback.objects.get().helpful is False
    with django_capture_on_commit_callbacks(execute=True):
        response = employee_client.post(
            "/search/feedback/", {"s": token, "helpful": "yes", "next": "/search/?q=vacation"}
        )
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=vacation"
    assert SearchFeedback.objects.get().helpful is True
    response = employee_client.post(
        "/search/feedback/", {"s": token, "helpful": "yes", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/search/"


def _admin_client(signed_in):
    return signed_in(UserFactory(username="ada", roles=["Administrators"]))


def test_the_report_lists_top_no_result_and_no_click_queries(
    signed_in, employee_client, wiki, django_capture_on_commit_callbacks
):
    for query in ("vacation", "vacation", "laptop", "zzzz"):
        _search(employee_client, django_capture_on_commit_callbacks, q=query)
    laptop = SearchLog.objects.filter(query="laptop").get()
    SearchClick.objects.create(
        search=laptop.token, page=wiki["laptop"], clicked_on=laptop.searched_on
    )
    admin = _admin_client(signed_in)
    top = admin.get("/admin/reports/search/").content.decode()
    assert top.index("vacation") < top.index("laptop")
    no_results = admin.get("/admin/reports/search/", {"report": "no_results"}).content.decode()
    assert "zzzz" in no_results and ">vacation<" not in no_results
    no_clicks = admin.get("/admin/reports/search/", {"report": "no_clicks"}).content.decode()
    assert ">vacation<" in no_clicks and ">laptop<" not in no_clicks
    trend = admin.get("/admin/reports/search/", {"report": "trend"}).content.decode()
    assert "<td>4</td>" in trend


def test_the_report_exports_csv(
    signed_in, employee_client, wiki, django_capture_on_commit_callbacks
):
    _search(employee_client, django_capture_on_commit_callbacks, q="vacation")
    response = _admin_client(signed_in).get("/admin/reports/search/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Query", "Searches", "With a click", "Helpful", "Not helpful"]
    assert rows[1][:2] == ["vacation", "1"]


def test_only_administrators_read_the_report(signed_in, db):
    editor = signed_in(UserFactory(username="ed", roles=["Editors"]))
    assert editor.get("/admin/reports/search/").status_code in (302, 403)


def test_administrators_maintain_synonyms_in_the_admin(signed_in, employee_client, wiki):
    admin = _admin_client(signed_in)
    response = admin.post(
        "/admin/snippets/search/synonym/add/", {"terms": " PTO ,vacation,, Time  Off", "note": ""}
    )
    assert response.status_code == 302
    from search.models import Synonym

    assert Synonym.objects.get().terms == "pto, vacation, time off"
    assert "Vacation policy" in employee_client.get("/search/", {"q": "pto"}).content.decode()
    response = admin.post("/admin/snippets/search/synonym/add/", {"terms": "alone", "note": ""})
    assert response.status_code == 200
    assert "at least two" in response.content.decode()
