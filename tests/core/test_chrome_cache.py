"""The chrome every page shares, cached (issue 19): the site and the route (core.routing),
the navigation (core.navigation), the reader's groups, the restrictions they pass and
their permissions (core.permissions, core.auth_backends), the brand settings (core.sites),
the workflow state (core.models), the userbar only for admin users.

Each test is an attack or a change a person makes: it warms the cache with a real
request first, then checks that the next request follows the change and that nothing
cached for one person reaches another."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, PageViewRestriction, Site

from core.models import BrandSettings
from core.roles import Role
from tests.factories import StandardPageFactory, UserFactory, publish, restrict_to_groups


def _section(home, title: str, slug: str):
    page = StandardPageFactory(parent=home, title=title, slug=slug, show_in_menus=True)
    publish(page)
    return page


def _leadership():
    return Group.objects.get_or_create(name="Leadership")[0]


def test_a_leaders_cached_navigation_is_never_served_to_an_employee(home, signed_in):
    board = _section(home, "Board room", "board")
    restrict_to_groups(board, _leadership())
    leader = UserFactory(roles=[Role.EMPLOYEES])
    leader.groups.add(_leadership())
    employee = UserFactory(roles=[Role.EMPLOYEES])

    assert ">Board room</a>" in signed_in(leader).get("/").content.decode()  # cached now
    assert ">Board room</a>" not in signed_in(employee).get("/").content.decode()
    assert signed_in(employee).get(board.url).status_code == 404


def test_leaving_a_group_takes_effect_on_the_next_request(home, signed_in):
    board = _section(home, "Board room", "board")
    leadership = _leadership()
    restrict_to_groups(board, leadership)
    leader = UserFactory(roles=[Role.EMPLOYEES])
    leader.groups.add(leadership)
    client = signed_in(leader)
    assert client.get(board.url).status_code == 200
    assert ">Board room</a>" in client.get("/").content.decode()

    leader.groups.remove(leadership)  # from the person's side

    assert client.get(board.url).status_code == 404
    assert ">Board room</a>" not in client.get("/").content.decode()


def test_removing_someone_from_the_groups_side_takes_effect_on_the_next_request(home, signed_in):
    board = _section(home, "Board room", "board")
    leadership = _leadership()
    restrict_to_groups(board, leadership)
    leader = UserFactory(roles=[Role.EMPLOYEES])
    leadership.user_set.add(leader)
    client = signed_in(leader)
    assert client.get(board.url).status_code == 200

    leadership.user_set.clear()

    assert client.get(board.url).status_code == 404


def test_joining_a_group_opens_its_pages_on_the_next_request(home, signed_in):
    board = _section(home, "Board room", "board")
    leadership = _leadership()
    restrict_to_groups(board, leadership)
    person = UserFactory(roles=[Role.EMPLOYEES])
    client = signed_in(person)
    assert client.get(board.url).status_code == 404

    person.groups.add(leadership)

    assert client.get(board.url).status_code == 200


def test_restricting_a_page_takes_effect_on_the_next_request(home, signed_in):
    plans = _section(home, "Plans", "plans")
    employee = UserFactory(roles=[Role.EMPLOYEES])
    client = signed_in(employee)
    assert client.get(plans.url).status_code == 200
    assert ">Plans</a>" in client.get("/").content.decode()

    restrict_to_groups(plans, _leadership())

    assert client.get(plans.url).status_code == 404
    assert ">Plans</a>" not in client.get("/").content.decode()


def test_adding_a_group_to_a_restriction_opens_it_on_the_next_request(home, signed_in):
    plans = _section(home, "Plans", "plans")
    restriction = restrict_to_groups(plans, _leadership())
    employee = UserFactory(roles=[Role.EMPLOYEES])
    client = signed_in(employee)
    assert client.get(plans.url).status_code == 404

    restriction.groups.add(Group.objects.get(name=Role.EMPLOYEES))

    assert client.get(plans.url).status_code == 200


def test_a_login_restriction_still_sends_anonymous_visitors_to_sign_in(home, client):
    plans = _section(home, "Plans", "plans")
    PageViewRestriction.objects.create(page=plans, restriction_type=PageViewRestriction.LOGIN)
    for _attempt in range(2):  # cold, then from the cache
        response = client.get(plans.url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_moving_or_unpublishing_a_page_changes_its_route_on_the_next_request(home, signed_in):
    first = _section(home, "First", "first")
    second = _section(home, "Second", "second")
    page = StandardPageFactory(parent=first, title="Travel policy", slug="travel")
    publish(page)
    client = signed_in(UserFactory(roles=[Role.EMPLOYEES]))
    assert client.get("/first/travel/").status_code == 200

    page.move(second, pos="last-child")

    moved = client.get("/first/travel/")  # no page there now: Wagtail's automatic redirect
    assert moved.status_code == 301 and moved["Location"] == "/second/travel/"
    assert client.get("/second/travel/").status_code == 200

    Page.objects.get(pk=page.pk).specific.unpublish()

    assert client.get("/second/travel/").status_code == 404


def test_renaming_a_section_shows_in_the_breadcrumbs_and_navigation_next(home, signed_in):
    section = _section(home, "Handbook", "handbook")
    page = StandardPageFactory(parent=section, title="Leave", slug="leave")
    publish(page)
    client = signed_in(UserFactory(roles=[Role.EMPLOYEES]))
    assert "Handbook" in client.get(page.url).content.decode()

    publish(section.specific, title="Staff handbook")

    assert "Staff handbook" in client.get(page.url).content.decode()


def test_a_new_site_root_routes_on_the_next_request(home, signed_in):
    other = StandardPageFactory(parent=home.get_parent(), title="Other root", slug="other-root")
    publish(other)
    client = signed_in(UserFactory(roles=[Role.EMPLOYEES]))
    assert "Other root" not in client.get("/").content.decode()

    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()

    assert "Other root" in client.get("/").content.decode()


def test_a_changed_brand_shows_on_the_next_request(home, employee_client):
    assert employee_client.get("/").status_code == 200  # the setting is cached now
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.organisation_name = "Acme Widgets"
    brand.save()

    assert "Acme Widgets" in employee_client.get("/").content.decode()


def test_a_permission_granted_takes_effect_on_the_next_request(home, signed_in):
    person = UserFactory(roles=[Role.EMPLOYEES])
    client = signed_in(person)
    assert 'data-testid="nav-insights"' not in client.get("/").content.decode()

    person.user_permissions.add(Permission.objects.get(codename="view_insights"))

    assert 'data-testid="nav-insights"' in client.get("/").content.decode()


def test_the_userbar_is_only_for_people_who_may_open_the_admin(home, signed_in):
    """Someone who may change a page but not open the admin gets no userbar (its links
    lead to the admin); an editor does."""
    page = _section(home, "Guide", "guide")
    writers = Group.objects.create(name="Writers")
    GroupPagePermission.objects.create(
        group=writers, page=home, permission=Permission.objects.get(codename="change_page")
    )
    writer = UserFactory(roles=[Role.EMPLOYEES])
    writer.groups.add(writers)
    editor = UserFactory(roles=[Role.EMPLOYEES, Role.EDITORS])
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=Role.EDITORS),
        page=home,
        permission=Permission.objects.get(codename="change_page"),
    )

    assert "wagtail-userbar" not in signed_in(writer).get(page.url).content.decode()
    assert "wagtail-userbar" in signed_in(editor).get(page.url).content.decode()


def test_a_workflow_started_on_a_page_is_seen_by_its_next_reader(home, employee):
    """The page asks whether a workflow is in progress (Wagtail's permission tester); the
    cached 'none' is dropped when one starts."""
    from wagtail.models import Workflow

    page = _section(home, "Guide", "guide")
    assert Page.objects.get(pk=page.pk).specific.current_workflow_state is None  # cached
    workflow = Workflow.objects.filter(active=True).first() or Workflow.objects.create(
        name="Review"
    )
    workflow.start(page, UserFactory(roles=[Role.EDITORS]))

    assert Page.objects.get(pk=page.pk).specific.current_workflow_state is not None
