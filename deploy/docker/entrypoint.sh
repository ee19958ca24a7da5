#!/bin/sh
# Container entry point: writes ckan.ini from the environment, then runs one role.
#   web             migrate (idempotent) and serve CKAN with gunicorn on :5000
#   worker          background jobs with the scheduler
#   harvest-gather  ckanext-harvest gather consumer
#   harvest-fetch   ckanext-harvest fetch consumer
#   <anything else> executed as given (e.g. `ckan search-index rebuild`)
set -eu
jena-stack config --output "$CKAN_INI"
role=${1:-web}
case "$role" in
  web)
    jena-shapes check || true   # says in one sentence if the DCAT-AP.de shapes are missing
    ckan -c "$CKAN_INI" db upgrade
    jena-stack datastore-permissions   # CKAN's set_permissions.sql on the DataStore database
    exec gunicorn --bind 0.0.0.0:5000 --workers "${GUNICORN_WORKERS:-4}" --timeout 120 \
      --forwarded-allow-ips='*' --access-logfile - ckanext.jena.wsgi:application ;;
  worker) exec ckan -c "$CKAN_INI" jobs worker ;;
  harvest-gather) exec ckan -c "$CKAN_INI" jena harvest-consumer gather ;;
  harvest-fetch) exec ckan -c "$CKAN_INI" jena harvest-consumer fetch ;;
  *) exec "$@" ;;
esac
