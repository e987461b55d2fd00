"""What every request pays before the view runs, made cheaper without losing a rule
(issue 19): the session store, the login-required check, the content security policy."""

import csp.middleware
import pytest
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.utils.functional import SimpleLazyObject

import core.middleware
from core import security
from core.middleware import LoginRequiredMiddleware, MessageMiddleware
from core.sessions import SessionStore
from tests.factories import PASSWORD, UserFactory

CSP = "Content-Security-Policy"


# -- sessions ----------------------------------------------------------------------------------


def test_the_store_reads_what_djangos_store_wrote(db):
    written = DjangoSessionStore()
    written["colour"] = "teal"
    written.save()
    read = SessionStore(written.session_key)
    assert read.load() == {"colour": "teal"}
    assert read.session_key == written.session_key


def test_an_expired_or_unknown_session_reads_as_empty_and_loses_its_key(db):
    expired = SessionStore()
    expired["colour"] = "teal"
    expired.set_expiry(-60)
    expired.save()
    for key in (expired.session_key, "no-such-session-key-000"):
        store = SessionStore(key)
        assert store.load() == {}
        assert store.session_key is None


@pytest.fixture
def ria(db, home):
    return UserFactory(username="ria", roles=["Employees"])


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    return client


def _with_cookie(client: Client) -> Client:
    """Another browser holding the same session cookie (copied before anything changed)."""
    other = Client()
    other.cookies["sessionid"] = client.cookies["sessionid"].value
    return other


def _refused(client: Client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_signed_out_session_cannot_be_reused(ria):
    client = _sign_in("ria")
    copy = _with_cookie(client)
    assert not _refused(copy)
    client.post("/accounts/logout/")
    assert _refused(copy)


def test_a_deactivated_person_is_refused_on_the_next_request(ria):
    client = _sign_in("ria")
    ria.is_active = False
    ria.save()
    assert _refused(client)


def test_a_changed_password_ends_other_sessions_on_their_next_request(ria):
    client = _sign_in("ria")
    ria.set_password("a-new-password-4417")
    ria.save()
    assert _refused(client)


# -- login required ------------------------------------------------------------------------------


def _user_that_must_not_load():
    def load():
        raise AssertionError("the user was loaded for a view open to all")

    return SimpleLazyObject(load)


def test_a_view_open_to_all_does_not_load_the_session_or_the_user():
    request = RequestFactory().get("/healthz")
    request.user = _user_that_must_not_load()
    view = login_not_required(lambda request: HttpResponse("ok"))
    assert LoginRequiredMiddleware(lambda request: None).process_view(request, view, (), {}) is None


def test_anonymous_readers_are_still_sent_to_sign_in(db, home):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# -- content security policy -------------------------------------------------------------------


def _counting_build_policy(monkeypatch) -> list[int]:
    """Count policy builds, whichever module the middleware builds them in."""
    calls: list[int] = []
    real = csp.middleware.build_policy

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(csp.middleware, "build_policy", counting)
    monkeypatch.setattr(security, "build_policy", counting, raising=False)
    monkeypatch.setattr(security, "_policies", {}, raising=False)
    return calls


def test_the_policy_is_built_once_per_process_with_a_new_nonce_each_response(db, home, monkeypatch):
    calls = _counting_build_policy(monkeypatch)
    policies = [Client().get("/accounts/login/")[CSP] for _ in range(3)]
    assert len(calls) <= 2  # the policy and the (empty) report-only policy, once each
    nonces = {policy.split("'nonce-")[1].split("'")[0] for policy in policies}
    assert len(nonces) == 3
    assert len({policy.split("'nonce-")[0] for policy in policies}) == 1


def _middleware_response(path: str, response: HttpResponse, nonce: bool = False):
    middleware = security.ContentSecurityPolicyMiddleware(lambda request: response)
    request = RequestFactory().get(path)
    middleware.process_request(request)
    if nonce:
        str(request.csp_nonce)
    return middleware.process_response(request, response)


def test_a_views_own_policy_changes_still_apply():
    response = HttpResponse("ok")
    response._csp_update = {"img-src": ["https://images.example.test"]}
    header = _middleware_response("/", response)[CSP]
    assert "https://images.example.test" in header
    exempt = HttpResponse("ok")
    exempt._csp_exempt = True
    assert CSP not in _middleware_response("/", exempt)


def test_the_admin_keeps_its_wider_policy_and_the_site_its_narrow_one():
    admin = _middleware_response("/admin/pages/", HttpResponse("ok"))[CSP]
    site = _middleware_response("/", HttpResponse("ok"), nonce=True)[CSP]
    assert "script-src 'self' 'unsafe-inline'" in admin
    assert "'unsafe-inline'" not in site and "'nonce-" in site


def test_a_changed_setting_is_not_answered_from_the_built_policy(db, home):
    Client().get("/accounts/login/")
    directives = {"default-src": ["'self'"], "img-src": ["'self'", "https://cdn.example.test"]}
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": directives}):
        assert "https://cdn.example.test" in Client().get("/accounts/login/")[CSP]
    assert "https://cdn.example.test" not in Client().get("/accounts/login/")[CSP]


# -- messages ----------------------------------------------------------------------------------


def _message_request(cookie: str = ""):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    if cookie:
        request.COOKIES["messages"] = cookie
    return request


def test_a_message_added_is_shown_on_the_next_request():
    def saving(request):
        messages.success(request, "Saved.")
        return HttpResponse("ok")

    def reading(request):
        return HttpResponse(" ".join(str(message) for message in messages.get_messages(request)))

    saved = MessageMiddleware(saving)(_message_request())
    shown = MessageMiddleware(reading)(_message_request(saved.cookies["messages"].value))
    assert shown.content == b"Saved."
    assert shown.cookies["messages"].value == ""  # read, so cleared


def test_a_request_that_never_touches_messages_makes_no_storage(monkeypatch):
    made = []
    monkeypatch.setattr(core.middleware, "default_storage", lambda request: made.append(1))
    response = MessageMiddleware(lambda request: HttpResponse("ok"))(_message_request())
    assert response.status_code == 200
    assert made == []
