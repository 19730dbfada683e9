"""What features above this app attach to the member's story form (a recorded testimony).

The story form never imports them: each registers a Wagtail hook "story_submission_attachments"
with a callable taking the form and returning an attachment, an object that

- adds its fields to the form when made (`form.fields[...]`), so they are cleaned, shown
  in the error summary and sent back like any other field;
- `clean()`: checks them once the form's own fields are clean (errors via form.add_error);
- `render()`: the HTML of its part of the form (a fieldset);
- `attach(story, member)`: called inside the transaction that creates the draft story,
  after it exists, to keep what the member sent with it;
- `rolled_back()`: called when that transaction rolled back (an exception in it, before
  or after `attach`). Django tells only of commits (on_commit), and a file `attach` stored
  outside the database must not outlive the rows that would have named it: undo it here,
  leaving the member's upload as the form still names it.
"""

from wagtail import hooks


def attachments_for(form):
    return [make(form) for make in hooks.get_hooks("story_submission_attachments")]
