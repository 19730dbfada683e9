"""Wagtail's migrations create a "Moderators approval" workflow on the root page, from the
publish permissions of its sample groups. Memoria's one workflow is "Story review" on the
story index (stories/workflow.py); pages elsewhere must not go through one nobody
configured. It is deactivated as Workflow.deactivate() does it, keeping its history;
ensure_submission_workflow does the same at every `make setup`."""

from django.db import migrations
from django.utils import timezone

DEFAULT_WORKFLOW_NAME = "Moderators approval"


def retire_default_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Task = apps.get_model("wagtailcore", "Task")

    workflows = Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME, active=True)
    retired = list(workflows.values_list("pk", flat=True))
    states = WorkflowState.objects.filter(workflow__in=retired, status="in_progress")
    TaskState.objects.filter(workflow_state__in=states, status="in_progress").update(
        status="cancelled", finished_at=timezone.now()
    )
    states.update(status="cancelled")
    WorkflowPage.objects.filter(workflow__in=retired).delete()
    WorkflowContentType.objects.filter(workflow__in=retired).delete()
    Workflow.objects.filter(pk__in=retired).update(active=False)
    # Its task too, unless a workflow still in use has it.
    Task.objects.filter(workflow_tasks__workflow__in=retired).exclude(
        workflow_tasks__workflow__active=True
    ).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0003_submissions_and_workflow_tasks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(retire_default_workflow, migrations.RunPython.noop)]
