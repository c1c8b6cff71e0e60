"""Factories shared by every test package: users in each role and memberships."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from members.models import Membership, MembershipCategory, MembershipStatus, User
from members.roles import Role
from members.services import grant_role

TEST_PASSWORD = "correct-horse-battery-staple"
# The name allauth's sign-up form asks for (members.forms.SignupNameForm).
A_NAME = {"first_name": "Ada", "last_name": "Lovelace"}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users can sign in unless a test asks for verified=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            grant_role(self, role)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: f"M{n:06d}")
    category = MembershipCategory.FULL
    status = MembershipStatus.ACTIVE
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=335))


def resident() -> User:
    return UserFactory(roles=[Role.RESIDENT])


def member() -> User:
    return MembershipFactory().user


def instructor() -> User:
    return UserFactory(roles=[Role.INSTRUCTOR])


def staff() -> User:
    return UserFactory(roles=[Role.STAFF], is_staff=True)
