"""Signing in, signing out, password reset, lockout, CSRF and the sign-in wall (the
lockout as an attacker tries it: test_signin_lockout.py)."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, UserFactory

WRONG = "not-the-password"


@pytest.fixture
def person(db):
    return UserFactory(username="sam", email="sam@example.com", roles=["Employees"])


def _sign_in(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_every_page_needs_sign_in(home):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_unknown_url_also_asks_for_sign_in_first(db):
    """Nothing about what exists is revealed to someone not signed in."""
    response = Client().get("/no/such/page/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_page_is_branded_and_labelled(db):
    response = Client().get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'href="#main"' in html  # skip link


def test_person_signs_in_reaches_home_and_signs_out(person, home):
    client = Client()
    response = _sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_message(person):
    wrong_password = _sign_in(Client(), "sam", WRONG).content.decode()
    unknown_user = _sign_in(Client(), "nobody", WRONG).content.decode()
    message = "That username and password did not match an account."
    assert message in wrong_password
    assert message in unknown_user


def test_repeated_failures_lock_sign_in_even_with_the_right_password(person):
    """The attacker's view of this lives in test_signin_lockout.py."""
    client = Client()
    for _ in range(4):
        assert _sign_in(client, "sam", WRONG).status_code == 200
    assert _sign_in(client, "sam", WRONG).status_code == 429
    response = _sign_in(client, "sam", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_in_the_authentication_backend_not_only_our_form(person, rf):
    """Any caller of authenticate() (the admin's form, a future API) meets the lock."""
    from django.contrib.auth import authenticate

    for _ in range(5):
        _sign_in(Client(), "sam", WRONG)
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="sam", password=PASSWORD) is None


def test_a_successful_sign_in_clears_earlier_failures(person):
    client = Client()
    for _ in range(4):
        _sign_in(client, "sam", WRONG)
    assert _sign_in(client, "sam", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        _sign_in(client, "sam", WRONG)
    assert _sign_in(client, "sam", PASSWORD).status_code == 302


def test_post_without_csrf_token_gets_a_friendly_403(person):
    client = Client(enforce_csrf_checks=True)
    response = _sign_in(client, "sam", PASSWORD)
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form could not be sent" in html
    assert "CSRF" not in html
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(person):
    client = Client()
    response = client.post("/accounts/password-reset/", {"email": "sam@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new_password = "a-brand-new-passphrase-42"
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert _sign_in(Client(), "sam", new_password).status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing(db):
    response = Client().post("/accounts/password-reset/", {"email": "ghost@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []
