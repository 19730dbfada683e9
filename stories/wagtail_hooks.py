"""Admin additions of the stories app (Wagtail loads every app's wagtail_hooks)."""

from wagtail import hooks

from stories import import_views

# "Import stories": CSV upload, preview and import; CSV export (stories/import_views.py).
hooks.register("register_admin_urls", import_views.admin_urls)
hooks.register("register_admin_menu_item", import_views.menu_item)
