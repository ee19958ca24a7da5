"""Typed accessors for every ``ckanext.jena.*`` option (the only reader of ``tk.config``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def city_name() -> str:
    return tk.config["ckanext.jena.portal.city_name"]


def admin_credentials_file() -> str:
    return tk.config["ckanext.jena.portal.admin_credentials_file"]


def demo_load_on_bootstrap() -> bool:
    return tk.config["ckanext.jena.demo.load_on_bootstrap"]
