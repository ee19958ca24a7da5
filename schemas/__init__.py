"""Scheming schemas and code lists of the Jena portal (installed as ``jena_schemas``).

This folder is data, kept at the top of the repository so data architects can
review it. The ``__init__.py`` only exists so that ckanext-scheming's
``module:path`` references (``jena_schemas:dataset.yaml``) resolve in editable
and regular installs alike.
"""
