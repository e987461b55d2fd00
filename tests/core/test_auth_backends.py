"""The backend that loads the signed-in person in fewer queries grants what Django's does."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from wagtail.users.models import UserProfile

from core.auth_backends import ModelBackendWithProfile
from tests.factories import UserFactory


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_permissions_are_the_users_and_their_groups_in_one_query(db, django_assert_num_queries):
    user = UserFactory(roles=["Employees"])
    user.user_permissions.add(Permission.objects.get(codename="change_group"))
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(Permission.objects.get(codename="view_group"))
    user.groups.add(group)
    expected = ModelBackend().get_all_permissions(_fresh(user))
    assert {"auth.change_group", "auth.view_group"} <= expected
    reader = _fresh(user)
    with django_assert_num_queries(1):
        assert ModelBackendWithProfile().get_all_permissions(reader) == expected
        assert reader.has_perm("auth.view_group") and not reader.has_perm("auth.add_group")
    user.is_active = False
    assert ModelBackendWithProfile().get_all_permissions(user) == set()


def test_the_user_comes_with_wagtails_profile(db, django_assert_num_queries):
    user = UserFactory(roles=["Employees"])
    UserProfile.get_for_user(user)
    with django_assert_num_queries(1):
        loaded = ModelBackendWithProfile().get_user(user.pk)
        assert loaded.wagtail_userprofile.theme
    user.is_active = False
    user.save()
    assert ModelBackendWithProfile().get_user(user.pk) is None
