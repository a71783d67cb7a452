"""The records of a public discussion cannot be deleted, not even by mistake in code."""

import pytest
from django.db import DatabaseError, connection, transaction

from comments.models import Answer, Comment, Vote
from reports.models import Report
from reports.services import build_report
from tests.factories import participant as person


@pytest.mark.parametrize("model", [Comment, Answer, Vote, Report])
def test_delete_is_refused_by_the_database(discussion, model):
    build_report(discussion["draft"])
    row = model.objects.order_by("pk").first()
    assert row is not None
    # As an administrator in psql would: past every check the ORM makes.
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id = %s", [row.pk])
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", [Answer, Vote])
def test_the_orm_cannot_delete_them_either(discussion, model):
    row = model.objects.order_by("pk").first()
    with pytest.raises(DatabaseError, match="never deleted"), transaction.atomic():
        row.delete()
    assert model.objects.filter(pk=row.pk).exists()


def test_other_rows_still_delete(db):
    # The trigger guards the discussion's records only; e.g. a mistaken user without
    # comments can still be removed by an administrator.
    user = person("mistake@example.kg")
    user.profile.delete()
    assert not type(user.profile).objects.filter(user=user).exists()
