"""Interface wiring of the ``jena`` plugin; no business logic lives here."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import flask
from ckan import model, types
from ckan.lib.plugins import DefaultTranslation

from ckanext.jena import csrf, search_fields, signals, upload_checksum
from ckanext.jena.dcat import gate as _dcat_gate  # noqa: F401  (registers the DCAT-AP.de release gate)
from ckanext.jena.dcat import serializer as dcat_serializer
from ckanext.jena.ethics import gate as _ethics_gate  # noqa: F401  (registers the data-ethics checklist gate)
from ckanext.jena.links import job as links_job
from ckanext.jena.logic import action_guard
from ckanext.jena.outage import index_repair
from ckanext.jena.page_cache import generation as page_cache_generation
from ckanext.jena.page_cache import marking as page_cache_marking
from ckanext.jena.page_cache import middleware as page_cache_middleware
from ckanext.jena.quality import cockpit_state, digest, freshness_index, snapshots
from ckanext.jena.quality import gate as _quality_gate  # noqa: F401  (registers the minimum-quality gate)
from ckanext.jena.release import gates, hooks, scheduling, visibility
from ckanext.jena.requests import cors, input_guard, security_headers, session_cleanup
from ckanext.jena.tables import loader as tables_loader
from ckanext.jena.usage import counting as usage_counting
from ckanext.jena.usage import index as usage_index
from ckanext.jena.views import data_dictionary


def _blueprints() -> list[Any]:
    """Blueprints of ``views.__all__`` plus the DCAT-AP.de catalog endpoints (``dcat/views.py``)."""
    from ckanext.jena import views
    from ckanext.jena.dcat.views import blueprint as dcat_blueprint

    return [*(getattr(views, name) for name in views.__all__), dcat_blueprint]


@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
@tk.blanket.cli
@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints(lambda: _blueprints())
class JenaPlugin(p.SingletonPlugin, DefaultTranslation):
    p.implements(p.IConfigurer)
    # German first: i18n/<locale>/LC_MESSAGES/ckanext-jena.mo (domain ckanext-jena)
    p.implements(p.ITranslation)
    # Release workflow: the release state decides visibility (ckanext.jena.release.visibility)
    p.implements(p.IConfigurable)
    p.implements(p.IPermissionLabels)
    p.implements(p.IPackageController, inherit=True)
    # The checksum of an uploaded file (ckanext.jena.upload_checksum)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.ISignal)
    p.implements(p.IFacets, inherit=True)
    # CSRF exemptions per request (ckanext.jena.csrf); hostile input refused and a clean database
    # session for every request, security headers (ckanext.jena.requests); usage counts (ckanext.jena.usage);
    # the anonymous page cache (ckanext.jena.page_cache)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer

    def update_config(self, config: tk.CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "jena")
        csrf.secure_cookies(config)

    # IResourceController

    def before_resource_create(self, context: Any, resource: dict[str, Any]) -> None:
        upload_checksum.add_checksum(resource)

    def before_resource_update(self, context: Any, current: dict[str, Any], resource: dict[str, Any]) -> None:
        upload_checksum.add_checksum(resource)

    # IMiddleware

    def make_middleware(self, app: Any, config: tk.CKANConfig) -> Any:
        csrf.install()
        input_guard.register(app)
        security_headers.register(app)
        cors.register(app)
        usage_counting.register(app)
        action_guard.install()
        data_dictionary.install(app)
        app.wsgi_app = session_cleanup.SessionCleanup(app.wsgi_app)
        page_cache_marking.register(app)
        app.wsgi_app = page_cache_middleware.PageCache(app.wsgi_app)
        return app

    # IConfigurable

    def configure(self, config: tk.CKANConfig) -> None:
        gates.load_builtin()
        page_cache_generation.install()
        scheduling.queue_catch_up()
        index_repair.listen()
        tables_loader.listen()
        freshness_index.queue_daily()
        links_job.queue_scheduled()
        usage_index.queue_jobs()
        digest.queue_weekly()
        snapshots.queue_daily()

    # IPermissionLabels

    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        return visibility.ReleasePermissionLabels().get_dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        return visibility.ReleasePermissionLabels().get_user_dataset_labels(user_obj)

    # IPackageController

    def after_dataset_create(self, context: types.Context, pkg_dict: dict[str, Any]) -> None:
        hooks.after_dataset_create(context, pkg_dict)
        tables_loader.queue_changed(context, pkg_dict.get("id") or "")
        cockpit_state.after_write(context, pkg_dict)

    def after_dataset_update(self, context: types.Context, pkg_dict: dict[str, Any]) -> None:
        hooks.after_dataset_update(context, pkg_dict)
        tables_loader.queue_changed(context, pkg_dict.get("id") or "")
        cockpit_state.after_write(context, pkg_dict)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        # DCAT-AP.de: serialize released datasets when they change (catalog pages read the cache).
        dcat_serializer.refresh_on_index(pkg_dict)
        index_repair.note_indexed(pkg_dict["id"])
        freshness_index.index_state(pkg_dict)
        usage_index.index_recent(pkg_dict)
        return search_fields.split_list_fields(pkg_dict)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]) -> dict[str, Any]:
        lang = tk.h.lang() if flask.has_request_context() else "de"
        return search_fields.label_facet_items(search_results, lang or "de")

    # IFacets

    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        return {name: tk._(title) for name, title in search_fields.FACETS.items()}

    def organization_facets(
        self, facets_dict: dict[str, Any], organization_type: str, package_type: str | None
    ) -> dict[str, Any]:
        return self.dataset_facets(facets_dict, package_type or "dataset")

    # ISignal

    def get_signal_subscriptions(self) -> types.SignalMapping:
        return signals.get_subscriptions()
