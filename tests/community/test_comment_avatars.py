"""Comment authors' photos in a discussion: each card shows its author's avatar (their
photo's 32 px square, or initials), for no more queries than initials (the discussion is
cached; built afresh it costs one query more for the renditions, whatever the number)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.comments.services import THREADS_PER_PAGE
from tests.community.discussion import knowledge_page, sibling_page
from tests.community.factories import CommentFactory
from tests.factories import UserFactory
from tests.people.factories_people import photo


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # warm: the day's view, the cached body, the renditions made
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_50_comments_by_50_people_with_photos_cost_no_more_queries_than_none(signed_in, home):
    without = knowledge_page(home, title="Initials only")
    with_photos = sibling_page(without, title="Faces")
    for index in range(50):
        plain = UserFactory(roles=["Employees"], first_name="Ann", last_name=f"P{index}")
        CommentFactory(page=without, author=plain)
        pictured = UserFactory(roles=["Employees"], first_name="Bo", last_name=f"Q{index}")
        pictured.profile.photo = photo(f"face {index}")
        pictured.profile.save()
        CommentFactory(page=with_photos, author=pictured)
    reader = signed_in(UserFactory(roles=["Employees"]))
    plain_queries, plain_html = _queries(reader, without.url)
    photo_queries, photo_html = _queries(reader, with_photos.url)
    shown = min(50, THREADS_PER_PAGE)
    assert plain_html.count('class="avatar avatar--xs avatar--initials"') >= shown
    assert photo_html.count(".fill-32x32-c100") == shown
    assert photo_queries == plain_queries
    # Built afresh (the discussion's cache emptied): one query more, for the renditions.
    from django.core.cache import cache

    cache.clear()
    cold_plain, _ = _queries_cold(reader, without.url)
    cache.clear()
    cold_photos, _ = _queries_cold(reader, with_photos.url)
    assert cold_photos == cold_plain + 1


def _queries_cold(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()
