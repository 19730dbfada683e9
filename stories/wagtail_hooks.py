"""Admin additions of the stories app (Wagtail loads every app's wagtail_hooks)."""

from wagtail import hooks

from stories import import_views, workflow

# "Import stories": CSV upload, preview and import; CSV export (stories/import_views.py).
hooks.register("register_admin_urls", import_views.admin_urls)
hooks.register("register_admin_menu_item", import_views.menu_item)

# Reviewers find "Approve" as the page editor's main button (stories/workflow.py).
hooks.register("construct_page_action_menu", workflow.approve_first)
# The editor's autosave must not save the page again while a workflow action publishes it.
hooks.register("before_edit_page", workflow.ignore_autosave_of_a_workflow_action)
