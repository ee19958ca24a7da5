"""WSGI entry point for gunicorn: ``gunicorn ckanext.jena.wsgi:application``.

The configuration file is taken from the ``CKAN_INI`` environment variable,
as CKAN's own tooling does.
"""

from __future__ import annotations

import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

from ckanext.jena.js_translations import ensure_js_translations

application = make_app(load_config(os.environ["CKAN_INI"]))
ensure_js_translations()
