"""Wires the outage answers into the Flask app (a blueprint with app-wide hooks only)."""

from __future__ import annotations

import flask
import sqlalchemy as sa
from ckan.lib.search import SolrConnectionError

from ckanext.jena.outage import database, search, state

outage = flask.Blueprint("jena_outage", __name__)


@outage.record_once
def _listen(setup_state: object) -> None:
    database.listen_for_lost_connections()


@outage.app_errorhandler(sa.exc.DBAPIError)
def _database_error(error: sa.exc.DBAPIError) -> flask.Response:
    return database.handle_database_error(error)


@outage.app_errorhandler(SolrConnectionError)
@outage.app_errorhandler(search.SearchUnavailable)
def _search_unavailable(error: Exception) -> flask.Response:
    return search.handle_unavailable(error)


@outage.after_app_request
def _degrade(response: flask.Response) -> flask.Response:
    if state.is_unavailable(state.DATABASE) and response.status_code >= 500:
        return database.outage_response()
    if state.is_api_request():
        return search.api_response(response)
    return search.page_status(response)
