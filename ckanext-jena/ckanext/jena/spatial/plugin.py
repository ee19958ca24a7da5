"""Plugins of the spatial features: ``jena_spatial`` and the map resource views."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import types

from ckanext.jena.spatial import helpers, logic, ows, search
from ckanext.jena.spatial.views import blueprint, ows_capabilities_url, ows_features_url, preview_data_url
from ckanext.jena.translation import N_

GEOJSON_FORMATS = {"geojson", "geo+json", "application/geo+json", "application/vnd.geo+json"}
CSV_FORMATS = {"csv", "text/csv"}


class JenaSpatialPlugin(p.SingletonPlugin):
    """Gazetteer, map search (``ext_bbox``, ``ext_district``), dataset extent, preview data endpoint.

    List it before ``spatial_query`` in ``ckan.plugins`` so broken boxes get the German message.
    """

    p.implements(p.IConfigurer)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IBlueprint)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config: tk.CKANConfig) -> None:
        # Smallest block overrides of package/search.html and package/read.html (extend, not clobber).
        tk.add_template_directory(config, "templates")

    def get_helpers(self) -> dict[str, Any]:
        return {name: getattr(helpers, name) for name in helpers.__all__}

    def get_blueprint(self) -> Any:
        return blueprint

    def get_actions(self) -> dict[str, Any]:
        return logic.get_actions()

    def get_auth_functions(self) -> dict[str, Any]:
        return logic.get_auth_functions()

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        facets_dict[search.DISTRICT_FIELD] = tk._("Ortsteile")
        return facets_dict

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return search.before_index(pkg_dict)

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return search.before_search(search_params)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        return search.after_search(search_results)


def _format(resource: dict[str, Any]) -> set[str]:
    return {str(resource.get(key) or "").strip().lower() for key in ("format", "mimetype")} - {""}


class _MapView:
    """IResourceView methods shared by the map views (each view is its own plugin)."""

    name = ""
    kind = ""
    formats: set[str] = set()
    title = ""

    def info(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": tk._(self.title),
            "default_title": tk._(self.title),
            "icon": "map",
            "iframed": False,
            "always_available": False,
            "preview_enabled": True,
        }

    def can_view(self, data_dict: types.DataDict) -> bool:
        return bool(_format(data_dict["resource"]) & self.formats)

    def view_template(self, context: types.Context, data_dict: types.DataDict) -> str:
        return "jena/spatial/preview.html"

    def setup_template_variables(self, context: types.Context, data_dict: types.DataDict) -> dict[str, Any]:
        return {
            "jena_preview_kind": self.kind,
            "jena_preview_url": preview_data_url(data_dict["resource"]["id"], self.kind),
            "jena_map_config": helpers.jena_spatial_map_config(),
        }


class JenaGeoJSONView(_MapView, p.SingletonPlugin):
    """GeoJSON on a map, popups with each feature's attributes."""

    p.implements(p.IResourceView, inherit=True)

    name = "jena_geojson_view"
    kind = "geojson"
    formats = GEOJSON_FORMATS
    title = N_("Karte")


class JenaCsvMapView(_MapView, p.SingletonPlugin):
    """CSV files with latitude/longitude columns as points on a map."""

    p.implements(p.IResourceView, inherit=True)

    name = "jena_csv_map_view"
    kind = "csv"
    formats = CSV_FORMATS
    title = N_("Karte (Punkte aus CSV)")


class _ServiceView(_MapView):
    """A map service (WMS/WMTS, WFS): the portal reads its capabilities, the user picks a layer."""

    services: tuple[str, ...] = ()

    def can_view(self, data_dict: types.DataDict) -> bool:
        return ows.service_of(data_dict["resource"]) in self.services

    def view_template(self, context: types.Context, data_dict: types.DataDict) -> str:
        return "jena/spatial/ows_preview.html"

    def setup_template_variables(self, context: types.Context, data_dict: types.DataDict) -> dict[str, Any]:
        resource_id = data_dict["resource"]["id"]
        return {
            "jena_preview_kind": self.kind,
            "jena_capabilities_url": ows_capabilities_url(resource_id, self.kind),
            "jena_features_url": ows_features_url(resource_id) if self.kind == "wfs" else "",
            "jena_map_config": helpers.jena_spatial_map_config(),
        }


class JenaMapServiceView(_ServiceView, p.SingletonPlugin):
    """WMS and WMTS layers on a map, with a layer chooser from the service's capabilities."""

    p.implements(p.IResourceView, inherit=True)

    name = "jena_wms_view"
    kind = "wms"
    services = ("WMS", "WMTS")
    title = N_("Kartendienst")


class JenaWFSView(_ServiceView, p.SingletonPlugin):
    """Features of a WFS (GeoJSON output) on a map, with a feature type chooser and popups."""

    p.implements(p.IResourceView, inherit=True)

    name = "jena_wfs_view"
    kind = "wfs"
    services = ("WFS",)
    title = N_("Karte (WFS)")
