"""What a department's profile gives a new dataset (issue 20, point 7): the department as data
steward and contact, its functional mailbox as contact e-mail, and the attribution text. The
dataset form shows them filled in; the schema fills them on the server when they are left
empty (``jena_department_default``), so API clients get the same."""

from __future__ import annotations

from ckan import model

from ckanext.jena import config

__all__ = ["FIELDS", "department_values"]

# Dataset fields a department's profile can fill.
FIELDS = ("data_steward", "contact_point_name", "contact_point_email", "attribution_text")


def department_values(organization: str | None) -> dict[str, str]:
    """The defaults from the department ``organization`` (id or name); {} for no department."""
    group = model.Group.get(organization) if organization else None
    if group is None or not group.is_organization or group.state != "active":
        return {}
    title = (group.title or group.name).strip()
    values = {
        "data_steward": title,
        "contact_point_name": title,
        "attribution_text": f"{config.city_name()}, {title}",
    }
    email = str((group.extras or {}).get("email") or "").strip()
    if email:
        values["contact_point_email"] = email
    return values
