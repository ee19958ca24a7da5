#!/bin/sh
# PostgreSQL container, first start only (docker-entrypoint-initdb.d): the CKAN DataStore's
# own database and its read-only role. The grants (CKAN's set_permissions.sql) are applied by
# the web container on every start (`jena-stack datastore-permissions`), so they follow CKAN.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v ro_password="$DATASTORE_RO_PASSWORD" <<'SQL'
CREATE ROLE datastore_ro LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'ro_password';
ALTER ROLE datastore_ro SET statement_timeout = '15s';
CREATE DATABASE datastore OWNER ckan ENCODING 'UTF8' TEMPLATE template0;
SQL
