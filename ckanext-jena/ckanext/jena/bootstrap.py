"""First-start preparation of a portal instance: migrations, sysadmin, demo data.

Every step is idempotent, so ``make run`` can call it on every start.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import ckan.plugins.toolkit as tk
from ckan import model

SYSADMIN_NAME = "admin"


def ensure_sysadmin(credentials_file: Path) -> bool:
    """Create the sysadmin once and keep its credentials in ``credentials_file``.

    Returns True when the account was created now (the caller prints the credentials once).
    """
    if model.User.by_name(SYSADMIN_NAME) is not None:
        return False
    password = secrets.token_urlsafe(12)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("user_create")(
        {"user": site_user["name"], "ignore_auth": True},
        {
            "name": SYSADMIN_NAME,
            "email": "opendata-admin@jena.invalid",
            "password": password,
            "fullname": "Portal-Administration",
        },
    )
    user = model.User.by_name(SYSADMIN_NAME)
    assert user is not None
    user.sysadmin = True
    model.repo.commit_and_remove()
    credentials_file.parent.mkdir(parents=True, exist_ok=True)
    credentials_file.write_text(f"user: {SYSADMIN_NAME}\npassword: {password}\n")
    credentials_file.chmod(0o600)
    return True


DEMO_MARKER = "jena.demo_data_loaded"


def demo_data_loaded() -> bool:
    return bool(model.get_system_info(DEMO_MARKER))


def mark_demo_data_loaded() -> None:
    """Remember in the database that the demo data was loaded, so restarts skip it."""
    model.set_system_info(DEMO_MARKER, "1")
