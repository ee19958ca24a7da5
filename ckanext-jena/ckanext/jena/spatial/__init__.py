"""Spatial features of the portal: district gazetteer, map search, dataset extent and map previews.

Plugins: ``jena_spatial`` (gazetteer, map search, extent, preview data endpoint) and the resource
views ``jena_geojson_view`` and ``jena_csv_map_view`` (``plugin.py`` of this package).
"""
