"""Typed accessors for every ``ckanext.jena.*`` option (the only reader of ``tk.config``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def city_name() -> str:
    return tk.config["ckanext.jena.portal.city_name"]


def admin_credentials_file() -> str:
    return tk.config["ckanext.jena.portal.admin_credentials_file"]


def demo_load_on_bootstrap() -> bool:
    return tk.config["ckanext.jena.demo.load_on_bootstrap"]


def content_security_policy() -> str:
    return tk.config["ckanext.jena.security.content_security_policy"]


def imprint_url() -> str:
    return tk.config["ckanext.jena.portal.imprint_url"]


def privacy_url() -> str:
    return tk.config["ckanext.jena.portal.privacy_url"]


def accessibility_url() -> str:
    return tk.config["ckanext.jena.portal.accessibility_url"]


def contact_url() -> str:
    return tk.config["ckanext.jena.portal.contact_url"]


def home_dataset_count() -> int:
    return tk.config["ckanext.jena.portal.home_dataset_count"]


# Dataset metadata (schemas, code lists, DCAT-AP.de) ------------------------------------------


def dcat_contributor_id() -> str:
    return tk.config["ckanext.jena.dcat.contributor_id"]


def dcat_publisher_name() -> str:
    return tk.config["ckanext.jena.dcat.publisher_name"]


def dcat_publisher_uri() -> str:
    return tk.config["ckanext.jena.dcat.publisher_uri"]


def spatial_home_bbox() -> tuple[float, float, float, float]:
    """The city's bounding box ``(min_lon, min_lat, max_lon, max_lat)`` in WGS 84."""
    parts = [float(part) for part in tk.config["ckanext.jena.spatial.home_bbox"].split(",")]
    min_lon, min_lat, max_lon, max_lat = parts
    return min_lon, min_lat, max_lon, max_lat


def spatial_max_outside_km() -> int:
    return tk.config["ckanext.jena.spatial.max_outside_km"]


# Release workflow ----------------------------------------------------------------------------


def release_central_team() -> list[str]:
    return tk.config["ckanext.jena.release.central_team"]


def release_dataset_types() -> list[str]:
    return tk.config["ckanext.jena.release.dataset_types"]


def release_required_gates() -> list[str]:
    return tk.config["ckanext.jena.release.required_gates"]


def release_catch_up_on_start() -> bool:
    return tk.config["ckanext.jena.release.catch_up_on_start"]


def release_notify() -> bool:
    return tk.config["ckanext.jena.release.notify"]


# DCAT-AP.de catalog endpoint and validation --------------------------------------------------


def dcat_datasets_per_page() -> int:
    return tk.config["ckanext.jena.dcat.datasets_per_page"]


def dcat_dataset_types() -> list[str]:
    return tk.config["ckanext.jena.dcat.dataset_types"]


def dcat_fragment_cache_ttl() -> int:
    return tk.config["ckanext.jena.dcat.fragment_cache_ttl"]


def dcat_shapes_dir() -> str:
    return tk.config["ckanext.jena.dcat.shapes_dir"]


def dcat_catalog_license() -> str:
    return tk.config["ckanext.jena.dcat.catalog_license"]


# Harvesting in -------------------------------------------------------------------------------


def harvest_allowed_hosts() -> list[str]:
    return tk.config["ckanext.jena.harvest.allowed_hosts"]


def harvest_max_document_mb() -> int:
    return tk.config["ckanext.jena.harvest.max_document_mb"]


def harvest_timeout() -> int:
    return tk.config["ckanext.jena.harvest.timeout"]


def harvest_total_timeout() -> int:
    return tk.config["ckanext.jena.harvest.total_timeout"]


def harvest_max_redirects() -> int:
    return tk.config["ckanext.jena.harvest.max_redirects"]


def harvest_max_pages() -> int:
    return tk.config["ckanext.jena.harvest.max_pages"]


# Spatial previews and map search -------------------------------------------------------------


def dataset_max_tags() -> int:
    return tk.config["ckanext.jena.dataset.max_tags"]


def spatial_max_extent_vertices() -> int:
    return tk.config["ckanext.jena.spatial.max_extent_vertices"]


def spatial_max_extent_bytes() -> int:
    return tk.config["ckanext.jena.spatial.max_extent_bytes"]


def spatial_tile_url() -> str:
    return tk.config["ckanext.jena.spatial.tile_url"]


def spatial_tile_attribution() -> str:
    return tk.config["ckanext.jena.spatial.tile_attribution"]


def spatial_preview_max_bytes() -> int:
    return tk.config["ckanext.jena.spatial.preview_max_bytes"]


def spatial_preview_max_features() -> int:
    return tk.config["ckanext.jena.spatial.preview_max_features"]


def spatial_preview_allowed_hosts() -> list[str]:
    return tk.config["ckanext.jena.spatial.preview_allowed_hosts"]


def spatial_preview_timeout() -> int:
    return tk.config["ckanext.jena.spatial.preview_timeout"]


def spatial_preview_total_timeout() -> int:
    return tk.config["ckanext.jena.spatial.preview_total_timeout"]


# Data-ethics checklist -----------------------------------------------------------------------


def ethics_dpo_users() -> list[str]:
    return tk.config["ckanext.jena.ethics.dpo_users"]


def ethics_ethics_users() -> list[str]:
    return tk.config["ckanext.jena.ethics.ethics_users"]


def ethics_max_age_days() -> int:
    return tk.config["ckanext.jena.ethics.max_age_days"]


def locale_default() -> str:
    """CKAN's ``ckan.locale_default``: the language served at the plain addresses (``de``)."""
    return tk.config["ckan.locale_default"]


# Tables (DataStore loading) ----------------------------------------------------------------


def tables_formats() -> list[str]:
    return [item.lower() for item in tk.config["ckanext.jena.tables.formats"]]


def tables_max_file_bytes() -> int:
    return tk.config["ckanext.jena.tables.max_file_mb"] * 1024 * 1024


def tables_max_xlsx_unpacked_bytes() -> int:
    return tk.config["ckanext.jena.tables.max_xlsx_unpacked_mb"] * 1024 * 1024


def tables_max_rows() -> int:
    return tk.config["ckanext.jena.tables.max_rows"]


def tables_allowed_hosts() -> list[str]:
    return tk.config["ckanext.jena.tables.allowed_hosts"]


def tables_fetch_timeout() -> int:
    return tk.config["ckanext.jena.tables.fetch_timeout"]


def tables_fetch_total_timeout() -> int:
    return tk.config["ckanext.jena.tables.fetch_total_timeout"]


def tables_index_max_columns() -> int:
    return tk.config["ckanext.jena.tables.index_max_columns"]


def tables_total_estimation_threshold() -> int:
    return tk.config["ckanext.jena.tables.total_estimation_threshold"]


# Data-management cockpit --------------------------------------------------------------------


def quality_review_waiting_days() -> int:
    return max(0, tk.config["ckanext.jena.quality.review_waiting_days"])


def quality_embargo_days() -> int:
    return max(0, tk.config["ckanext.jena.quality.embargo_days"])


def quality_digest_job_timeout() -> int:
    return max(60, tk.config["ckanext.jena.quality.digest_job_timeout"])


# Link checker --------------------------------------------------------------------------------


def links_allowed_hosts() -> list[str]:
    return tk.config["ckanext.jena.links.allowed_hosts"]


def links_timeout_seconds() -> float:
    return tk.config["ckanext.jena.links.timeout_ms"] / 1000


def links_max_per_host() -> int:
    return max(1, tk.config["ckanext.jena.links.max_per_host"])


def links_workers() -> int:
    return max(1, tk.config["ckanext.jena.links.workers"])


def links_host_max_failures() -> int:
    return max(1, tk.config["ckanext.jena.links.host_max_failures"])


def links_backoff_seconds() -> float:
    return tk.config["ckanext.jena.links.backoff_ms"] / 1000


def links_broken_after_hours() -> int:
    return tk.config["ckanext.jena.links.broken_after_hours"]


def links_interval_hours() -> int:
    return max(1, tk.config["ckanext.jena.links.interval_hours"])


def links_job_timeout() -> int:
    return tk.config["ckanext.jena.links.job_timeout"]


def links_history_days() -> int:
    return tk.config["ckanext.jena.links.history_days"]


# Usage counts (ckanext/jena/usage) ---------------------------------------------------------------


def usage_counting() -> bool:
    return tk.config["ckanext.jena.usage.counting"]


def usage_flush_minutes() -> int:
    return max(1, tk.config["ckanext.jena.usage.flush_minutes"])


# Anonymous page cache (ckanext/jena/page_cache) -----------------------------------------------------


def page_cache_enabled() -> bool:
    return tk.config["ckanext.jena.page_cache.enabled"]


def page_cache_seconds() -> int:
    return max(1, tk.config["ckanext.jena.page_cache.seconds"])


def page_cache_max_entry_bytes() -> int:
    return max(1, tk.config["ckanext.jena.page_cache.max_entry_bytes"])


def api_token_header() -> str:
    """CKAN's ``apitoken_header_name`` (the header that carries an API token)."""
    return tk.config.get("apitoken_header_name") or "Authorization"
