import pytest

from tests.factories import make_plan


@pytest.fixture
def plan(body):
    return make_plan(body)
