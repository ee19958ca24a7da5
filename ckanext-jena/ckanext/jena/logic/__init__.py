"""Business logic of ckanext-jena (validators, actions, auth)."""
