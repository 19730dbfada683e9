"""The Spanish catalog covers every user-interface string, and its compiled form matches it.

(a) Django's `makemessages` runs on a temporary copy of the project, so the committed
    catalog is never touched; every msgid it extracts must have a Spanish msgstr (all
    plural forms, not fuzzy) in the committed archive/locale/es/LC_MESSAGES/django.po.
(b) The committed django.mo must hold exactly the translated entries of django.po:
    a .po edited without `make messages` (which recompiles) is caught here.

Fix either with `make messages`, translating in django.po, then `make messages` again.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGE = "es"
CATALOG = ROOT / "archive" / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")

# Not user interface, or not ours. Keep in step with the --ignore list in scripts/messages.sh.
IGNORED_DIRS = {"tests", "node_modules", "benchmarks", "media", "static_collected"}


def _need_gettext():
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    message = "GNU gettext (xgettext) is not installed: apt-get install gettext (make test does)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _copy_project(destination):
    def ignore(directory, names):
        top = Path(directory) == ROOT
        return {
            name
            for name in names
            if name == "__pycache__"
            or name.endswith((".pyc", ".sqlite3"))
            or (top and (name.startswith(".") or name in IGNORED_DIRS or "sqlite3" in name))
        }

    shutil.copytree(ROOT, destination, ignore=ignore)


def _key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _describe(key):
    context, msgid, plural = key
    text = repr(msgid) + (f" / plural {plural!r}" if plural else "")
    return f"{text} (context {context!r})" if context else text


def _extract(tmp_path):
    """Run makemessages on a copy of the project; return the POT files it wrote,
    keyed by their locale folder relative to the project root."""
    copy = tmp_path / "project"
    _copy_project(copy)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="archive.settings.dev", PYTHONPATH=str(copy))
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", LANGUAGE, "--keep-pot", "-v0"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    pots = {pot.parent.relative_to(copy): pot for pot in copy.rglob("locale/django.pot")}
    assert pots, "makemessages wrote no django.pot: no translatable strings were found"
    return pots


def _plural_count(catalog):
    header = catalog.metadata.get("Plural-Forms", "")
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == "nplurals" and value.strip().isdigit():
            return int(value)
    return 2


def test_every_ui_string_has_a_spanish_translation(tmp_path):
    _need_gettext()
    problems = []
    for locale_dir, pot_path in sorted(_extract(tmp_path).items()):
        committed_path = ROOT / locale_dir / LANGUAGE / "LC_MESSAGES" / "django.po"
        if not committed_path.exists():
            problems.append(f"{committed_path.relative_to(ROOT)} does not exist")
            continue
        catalog = polib.pofile(str(committed_path))
        committed = {_key(e): e for e in catalog if not e.obsolete}
        if catalog.metadata_is_fuzzy or not catalog.metadata.get("Plural-Forms"):
            problems.append(
                f"{committed_path.relative_to(ROOT)}: header is fuzzy or lacks Plural-Forms"
            )
        plural_forms = _plural_count(catalog)
        for entry in polib.pofile(str(pot_path)):
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
            found = committed.get(_key(entry))
            if found is None:
                why = "not in the catalog (run `make messages`)"
            elif found.fuzzy:
                why = "fuzzy"
            elif not found.translated():
                why = "untranslated"
            elif (
                found.msgid_plural
                and len([form for form in found.msgstr_plural.values() if form]) < plural_forms
            ):
                # Spanish has three forms in Django's catalogs; a missing one shows English.
                why = f"fewer than the {plural_forms} plural forms the header declares"
            else:
                continue
            problems.append(f"{why}: {_describe(_key(entry))}  [{where}]")
    assert not problems, (
        f"{len(problems)} user-interface strings lack a Spanish translation "
        f"(translate them in {CATALOG.relative_to(ROOT)}, then run `make messages`):\n  "
        + "\n  ".join(problems)
    )


def _translations(entries):
    return {
        _key(e): (e.msgstr if not e.msgid_plural else tuple(sorted(e.msgstr_plural.items())))
        for e in entries
        if e.msgid
    }


def test_compiled_catalog_matches_po():
    assert CATALOG.exists(), f"{CATALOG.relative_to(ROOT)} is missing: run `make messages`"
    assert COMPILED.exists(), f"{COMPILED.relative_to(ROOT)} is missing: run `make messages`"
    po = polib.pofile(str(CATALOG))
    mo = polib.mofile(str(COMPILED))
    expected = _translations(po.translated_entries())
    actual = _translations(mo)
    stale = sorted(
        _describe(key)
        for key in expected.keys() | actual.keys()
        if expected.get(key) != actual.get(key)
    )
    header_fields = ("Plural-Forms", "Content-Type", "Language")
    stale += [
        f"header {field}: .po {po.metadata.get(field)!r}, .mo {mo.metadata.get(field)!r}"
        for field in header_fields
        if not po.metadata_is_fuzzy and po.metadata.get(field) != mo.metadata.get(field)
    ]
    assert not stale, (
        f"{COMPILED.relative_to(ROOT)} is out of date with its .po in {len(stale)} places "
        "(run `make messages`, or `python manage.py compilemessages -l es`, and commit the "
        ".mo):\n  " + "\n  ".join(stale[:50])
    )
