"""scripts/ensure_admin.py, which `make setup` runs every time: running it again must not
log the admin out of the browser sessions already open."""

import importlib.util
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "ensure_admin.py"


@pytest.fixture
def ensure_admin(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("ensure_admin", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Never the developer's own .admin_password.
    monkeypatch.setattr(module, "PASSWORD_FILE", tmp_path / ".admin_password")
    return module


def test_running_it_again_keeps_the_admin_logged_in(ensure_admin, client, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "Arcatao-1986-hermanas")
    ensure_admin.main()
    assert client.login(username="admin", password="Arcatao-1986-hermanas")
    assert client.get("/admin/").status_code == 200

    ensure_admin.main()

    assert client.get("/admin/").status_code == 200


def test_a_new_password_still_replaces_the_old_one(ensure_admin, client, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "Arcatao-1986-hermanas")
    ensure_admin.main()
    assert client.login(username="admin", password="Arcatao-1986-hermanas")

    monkeypatch.setenv("ADMIN_PASSWORD", "Santa-Marta-2023-otra")
    ensure_admin.main()

    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("Santa-Marta-2023-otra")
    # Changing the password logs out the sessions opened with the old one, as Django does.
    assert client.get("/admin/").status_code == 302
