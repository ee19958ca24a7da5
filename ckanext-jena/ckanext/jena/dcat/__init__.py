"""DCAT-AP.de catalog of the portal: endpoints, fast serializer, SHACL validation, CLI.

The profile itself lives in :mod:`ckanext.jena.profiles`.
"""
