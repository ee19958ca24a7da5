"""ckanext-jena: the CKAN extension of the open-data portal of the city of Jena."""
