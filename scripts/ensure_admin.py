"""Create or update the superuser `admin` for local use.

The password comes from $ADMIN_PASSWORD, else from .admin_password (kept from an earlier
run), else it is generated; it is written to .admin_password (git-ignored, mode 600) and
printed, so the newcomer can log in at /admin/.

`make setup` runs it every time. The password is set only when it changed: setting it
again, even to the same words, gives it a new salt, and Django then ends every session
opened with the old hash (the admin was logged out everywhere).
"""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD_FILE = ROOT / ".admin_password"


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings.dev")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import check_password

    password = os.environ.get("ADMIN_PASSWORD", "")
    if not password and PASSWORD_FILE.exists():
        password = PASSWORD_FILE.read_text().strip()
    if not password:
        password = secrets.token_urlsafe(12)

    User = get_user_model()
    user = User.objects.filter(username="admin").first()
    created = user is None
    if created:
        user = User(username="admin", email="admin@localhost")
    user.is_staff = user.is_superuser = user.is_active = True
    # Not user.check_password: it may re-hash and save, which would end the sessions too.
    if created or not check_password(password, user.password):
        user.set_password(password)
    user.save()

    PASSWORD_FILE.write_text(password + "\n")
    PASSWORD_FILE.chmod(0o600)
    print(f"{'Created' if created else 'Updated'} superuser 'admin'; password: {password}")
    print(f"(saved in {PASSWORD_FILE.name}; set ADMIN_PASSWORD to choose your own)")


if __name__ == "__main__":
    main()
