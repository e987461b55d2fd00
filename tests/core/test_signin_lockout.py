"""Sign-in lockout as an attacker tries it: the lock is on one account from one address.

An office behind one proxy shares an address, so a lock on the address alone would lock
the whole company out; a lock on the account alone would let anyone anywhere lock a named
person out. django-axes counts failures per (username, address) pair instead.
"""

import pytest
from django.test import Client, override_settings
from wagtail.models import ModelLogEntry

from core import signin
from tests.factories import PASSWORD, UserFactory

WRONG = "not-the-password"
OFFICE = "10.0.0.7"  # the company's proxy: everyone inside shares it
ELSEWHERE = "203.0.113.9"
LOCKS = "/admin/sign-in-locks/"
LOCKED_MESSAGE = "Too many failed sign-in attempts"


@pytest.fixture
def alex(db):
    return UserFactory(username="alex", roles=["Employees"])


@pytest.fixture
def bea(db):
    return UserFactory(username="bea", roles=["Employees"])


def _sign_in(client: Client, username: str, password: str, address: str, **headers):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def _fail(username: str, address: str, times: int = 5, **headers) -> None:
    for _ in range(times):
        _sign_in(Client(), username, WRONG, address, **headers)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_locked_account_does_not_lock_colleagues_behind_the_same_proxy(alex, bea):
    _fail("alex", OFFICE)
    client = Client()
    response = _sign_in(client, "bea", PASSWORD, OFFICE)
    assert response.status_code == 302
    assert _signed_in(client)


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(alex):
    _fail("alex", ELSEWHERE)
    client = Client()
    assert _sign_in(client, "alex", PASSWORD, OFFICE).status_code == 302
    assert _signed_in(client)


def test_the_right_password_after_the_lock_is_refused_with_a_clear_message(alex):
    _fail("alex", ELSEWHERE)
    client = Client()
    response = _sign_in(client, "alex", PASSWORD, ELSEWHERE)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED_MESSAGE in html
    assert 'data-testid="login-error"' in html  # on the sign-in page, in its alert box
    assert not _signed_in(client)


def test_the_failure_that_reaches_the_limit_already_says_so(alex):
    _fail("alex", ELSEWHERE, times=4)
    response = _sign_in(Client(), "alex", WRONG, ELSEWHERE)
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()


def test_the_lock_holds_on_the_admin_sign_in_page_too(alex):
    _fail("alex", ELSEWHERE)
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": "alex", "password": PASSWORD},
        REMOTE_ADDR=ELSEWHERE,
    )
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert not _signed_in(client)


def test_failures_on_the_admin_sign_in_page_lock_the_site_sign_in(alex):
    for _ in range(5):
        Client().post(
            "/admin/login/", {"username": "alex", "password": WRONG}, REMOTE_ADDR=ELSEWHERE
        )
    assert _sign_in(Client(), "alex", PASSWORD, ELSEWHERE).status_code == 429


def test_rotating_the_browser_name_does_not_reset_the_count(alex):
    for number in range(5):
        _sign_in(Client(), "alex", WRONG, ELSEWHERE, HTTP_USER_AGENT=f"bot/{number}")
    assert _sign_in(Client(), "alex", PASSWORD, ELSEWHERE).status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_limit_comes_from_the_setting(alex):
    _fail("alex", ELSEWHERE, times=2)
    assert _sign_in(Client(), "alex", WRONG, ELSEWHERE).status_code == 429


# -- the address behind a proxy ---------------------------------------------------------------


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_configured(alex):
    """Else an attacker sends a new made-up address with every guess and is never locked."""
    for number in range(5):
        _sign_in(Client(), "alex", WRONG, ELSEWHERE, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = _sign_in(Client(), "alex", PASSWORD, ELSEWHERE, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert response.status_code == 429


@override_settings(HEARTH_TRUSTED_PROXIES=1)
def test_behind_a_configured_proxy_the_forwarded_address_is_the_person(alex):
    # Everyone arrives from the proxy; the proxy says who they are.
    _fail("alex", OFFICE, HTTP_X_FORWARDED_FOR="192.168.1.20")
    from_another_desk = Client()
    response = _sign_in(
        from_another_desk, "alex", PASSWORD, OFFICE, HTTP_X_FORWARDED_FOR="192.168.1.21"
    )
    assert response.status_code == 302
    from_the_same_desk = _sign_in(
        Client(), "alex", PASSWORD, OFFICE, HTTP_X_FORWARDED_FOR="192.168.1.20"
    )
    assert from_the_same_desk.status_code == 429


@override_settings(HEARTH_TRUSTED_PROXIES=1)
def test_behind_a_proxy_a_made_up_first_hop_does_not_escape_the_lock(alex):
    """The proxy appends the address it saw: only that last hop is believed, not what the
    client wrote before it."""
    for number in range(5):
        _sign_in(
            Client(),
            "alex",
            WRONG,
            OFFICE,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 192.168.1.20",
        )
    response = _sign_in(
        Client(), "alex", PASSWORD, OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.1, 192.168.1.20"
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", OFFICE),
        (1, "", OFFICE),  # straight to the app server, past the proxy
        (1, "not-an-address", OFFICE),
        (1, "192.0.2.1, 192.168.1.20", "192.168.1.20"),
        (2, "192.0.2.1, 192.168.1.20, 10.1.1.1", "192.168.1.20"),
        (2, "192.168.1.20", OFFICE),  # shorter than the proxies: not believed
    ],
)
def test_the_client_address(rf, settings, proxies, forwarded, expected):
    settings.HEARTH_TRUSTED_PROXIES = proxies
    request = rf.post("/accounts/login/", REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR=forwarded)
    assert signin.client_address(request) == expected


# -- unlocking in the admin ---------------------------------------------------------------------


@pytest.fixture
def administrator(db):
    return UserFactory(username="ada", roles=["Administrators"])


def _unlock(client: Client, username: str, address: str, **kwargs):
    return client.post(f"{LOCKS}unlock/", {"username": username, "ip_address": address}, **kwargs)


def test_an_administrator_sees_the_lock_and_unlocks_it(alex, administrator):
    _fail("alex", ELSEWHERE)
    admin = Client()
    admin.force_login(administrator)
    listing = admin.get(LOCKS)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert 'data-testid="sign-in-lock"' in html
    assert "alex" in html
    assert ELSEWHERE in html

    response = _unlock(admin, "alex", ELSEWHERE)
    assert response.status_code == 302
    assert not signin.current_locks().exists()
    entry = ModelLogEntry.objects.get(action=signin.UNLOCK_ACTION)
    assert entry.user == administrator
    assert entry.data == {"username": "alex", "ip_address": ELSEWHERE}

    client = Client()
    assert _sign_in(client, "alex", PASSWORD, ELSEWHERE).status_code == 302
    assert _signed_in(client)


def test_unlocking_one_pair_leaves_the_others_locked(alex, bea, administrator):
    _fail("alex", ELSEWHERE)
    _fail("alex", OFFICE)
    _fail("bea", ELSEWHERE)
    admin = Client()
    admin.force_login(administrator)
    _unlock(admin, "alex", ELSEWHERE)
    assert set(signin.current_locks().values_list("username", "ip_address")) == {
        ("alex", OFFICE),
        ("bea", ELSEWHERE),
    }


def test_an_empty_part_never_unlocks_everything(alex, bea, administrator):
    """axes' reset with no username clears every lock of the address: never from here."""
    _fail("alex", ELSEWHERE)
    _fail("bea", ELSEWHERE)
    admin = Client()
    admin.force_login(administrator)
    _unlock(admin, "", ELSEWHERE)
    _unlock(admin, "alex", "")
    _unlock(admin, "alex", "'; DROP TABLE axes_accessattempt; --")
    assert signin.current_locks().count() == 2


def test_the_listing_shows_only_locks_not_single_typos(alex, administrator):
    _fail("alex", ELSEWHERE, times=2)
    admin = Client()
    admin.force_login(administrator)
    assert 'data-testid="sign-in-lock"' not in admin.get(LOCKS).content.decode()
    _fail("alex", ELSEWHERE, times=3)
    assert 'data-testid="sign-in-lock"' in admin.get(LOCKS).content.decode()


@pytest.mark.parametrize("role", ["Editors", "Moderators", "Communications", "Employees"])
def test_only_administrators_may_see_or_lift_locks(alex, role):
    _fail("alex", ELSEWHERE)
    someone = UserFactory(roles=[role])
    client = Client()
    client.force_login(someone)
    assert client.get(LOCKS).status_code in (302, 403)
    assert _unlock(client, "alex", ELSEWHERE).status_code in (302, 403)
    assert signin.current_locks().filter(username="alex", ip_address=ELSEWHERE).exists()
    assert not ModelLogEntry.objects.filter(action=signin.UNLOCK_ACTION).exists()
    assert _sign_in(Client(), "alex", PASSWORD, ELSEWHERE).status_code == 429


def test_unlocking_a_lock_that_is_gone_says_so(administrator):
    admin = Client()
    admin.force_login(administrator)
    response = _unlock(admin, "ghost", ELSEWHERE, follow=True)
    assert response.status_code == 200
    assert "That sign-in is no longer locked." in response.content.decode()


def test_the_unlock_is_a_post(alex, administrator):
    _fail("alex", ELSEWHERE)
    admin = Client()
    admin.force_login(administrator)
    response = admin.get(f"{LOCKS}unlock/", {"username": "alex", "ip_address": ELSEWHERE})
    assert response.status_code == 405
    assert signin.current_locks().exists()
