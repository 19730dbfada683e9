"""Content a test module builds once, put back at the start of each of its tests.

Building a few stories through Wagtail (pages, revisions, publishing, search documents)
takes about a second; putting their rows back takes a few milliseconds. A module-scoped
fixture calls `build` once: the content is written in a transaction that is rolled back,
after a copy of the rows it changed has been taken (tests/table_copy.py). A function-scoped
fixture then calls `put_back` inside the test's own transaction, which pytest-django rolls
back as usual, so every test starts from exactly the rows the build wrote, whatever the test
before it changed, and tests that do not ask for the content never see it.

Model instances do not cross tests: `build` returns what names the content (primary keys,
file names), and the function-scoped fixture reads the objects again after `put_back`.
Files the build stores (photos) stay in this process's MEDIA_ROOT until the session ends.
Caches: the default cache is emptied before each test (tests/conftest.py), and putting back
the search documents gives the research index a new version token, so no search answer
remembered elsewhere is served.
"""

from django.db import connection, transaction

from tests import table_copy


def build(django_db_blocker, make_content):
    """Run `make_content()` once, outside any test; returns (its rows, what it returned)."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = table_copy.take(connection)
        made = make_content()
        rows = table_copy.changed(before, table_copy.take(connection))
        transaction.set_rollback(True)
    return rows, made


def put_back(rows):
    """Write the built rows again, in the running test's transaction."""
    table_copy.restore(connection, rows, only_copied_tables=True)
