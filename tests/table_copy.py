"""Every model table's rows, copied by the database and put back later, as a quick reset
for the tests that commit (live server, restore drill):

- `django_db_setup` (tests/conftest.py): right after the migrations, the tables are
  copied, and serialized rollback puts that copy back instead of re-creating each object
  through Django's serializer (seconds per test, once per browser test); the flush after
  each such test empties PostgreSQL's tables with DELETE rather than TRUNCATE, which
  re-creates every table's files and took seconds more. The database each test starts
  from is the same.
- `demo_site` (tests/browser/conftest.py): the first test loads the demo content; later
  ones put the copy of its rows back instead of running load_demo again.
- `tests/built_once.py`: a test module's content is built once, and only the tables it
  changed are put back in each test's own transaction (the other tables are as the
  migrations left them at the start of every test anyway).

Rows, not Django objects: the serializer would also lose modelcluster's
ParentalManyToManyField links (a story's themes and places). Full-text tables are emptied
but not copied: triggers fill them again as the rows they index come back (the search
match tables from research_searchdocument; on SQLite, the FTS5 virtual tables of our
research index and of Wagtail's search index, whose rowids must be those of the entries
they index). The triggers on research_searchdocument also write research_indexversion,
the index's version token, so it is put back first: the documents that follow give it a
new token, as loading the content again would, and no search answer remembered in an
earlier test is served again.

PostgreSQL: COPY out to bytes and back in. SQLite: the stored values, read with a unary +
so that no converter turns them into Python dates (which would not go back unchanged).
Foreign keys are checked when the restoring transaction commits, so table order is free.
"""

from django.db import transaction

# Written by the triggers on research_searchdocument (search migration 0005).
RESTORED_FIRST = "research_indexversion"


def _tables(connection):
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(names, key=lambda name: (name != RESTORED_FIRST, name))


def _filled_by_triggers(connection):
    """SQLite's virtual (FTS5) tables among the model tables: triggers write their rows."""
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
        return {row[0] for row in cursor.fetchall()}


def take(connection):
    """Copy every model table's rows; returns what `restore` needs."""
    quote = connection.ops.quote_name
    copies = {}
    skipped = _filled_by_triggers(connection)
    with connection.cursor() as cursor:
        for table in [name for name in _tables(connection) if name not in skipped]:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    copies[table] = b"".join(bytes(block) for block in copy)
                continue
            # table_info leaves out generated columns, which an INSERT cannot name.
            cursor.execute(f"PRAGMA table_info({quote(table)})")
            columns = [quote(row[1]) for row in cursor.fetchall()]
            cursor.execute(f"SELECT {', '.join('+' + c for c in columns)} FROM {quote(table)}")
            copies[table] = (columns, cursor.fetchall())
    return copies


def changed(before, after):
    """The copies in `after` of the tables whose rows differ from `before`."""
    return {table: rows for table, rows in after.items() if before.get(table) != rows}


def restore(connection, copies, *, only_copied_tables=False):
    """Empty every model table (or only those in `copies`) and put the copied rows back, in
    one transaction."""
    quote = connection.ops.quote_name
    emptied = [t for t in _tables(connection) if not only_copied_tables or t in copies]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in emptied:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, copied in copies.items():
            if table == RESTORED_FIRST:  # emptying the documents wrote a token again
                cursor.execute(f"DELETE FROM {quote(table)}")
            if connection.vendor == "postgresql":
                if copied:
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(copied)
            elif copied[1]:
                columns, rows = copied
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({', '.join(columns)}) VALUES ({marks})", rows
                )


def empty_postgresql_tables_with_delete(ops_class):
    """Have `flush` on PostgreSQL DELETE rows instead of TRUNCATE (when it is not also
    resetting sequences): the same empty tables, without re-creating every table's files."""
    truncate = ops_class.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    ops_class.sql_flush = sql_flush
    return truncate
