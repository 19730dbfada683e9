"""Membership accounts: invitations, sign-ups an editor approves, and logging in.

Members never use Wagtail's admin; everything here is on the public, bilingual site, except
the editors' screens for invitations and membership requests (see `admin.py`).
"""
