import os
from pathlib import Path

import pytest

SHARED_DIR = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture
def shared_fixtures() -> Path:
    """Return ../shared/fixtures. A newcomer's clone has no ../shared, so tests that need it skip
    there; CI always has it, so under CI=true its absence fails the run instead of hiding."""
    fixtures = SHARED_DIR / "fixtures"
    if not fixtures.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the shared fixtures are missing at {fixtures}")
        pytest.skip(f"the shared fixtures are not beside this clone ({fixtures} is absent)")
    return fixtures


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def writer(db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="writer")
    user.groups.add(Group.objects.get(name="Writers"))
    return user
