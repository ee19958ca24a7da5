"""Interface wiring of the ``jena`` plugin; no business logic lives here."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation


@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.cli
class JenaPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    # German first: i18n/<locale>/LC_MESSAGES/ckanext-jena.mo (domain ckanext-jena)
    p.implements(p.ITranslation)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "jena")
