"""Release workflow: review by a second person, scheduled publication, pending revisions, audit.

Module map:

* ``states``        states, transitions and their German labels
* ``visibility``    THE place that decides whether a dataset is public (permission
                    labels, the derived ``private`` flag, search index, activity labels)
* ``store``         reading and writing ``jena_release`` / ``jena_release_event``
* ``roles``         who edits, who reviews, the four-eyes rule
* ``workflow``      the transitions themselves
* ``revisions``     pending revisions of published datasets; ``diff`` compares them
* ``gates``         checks that must pass before approval (a registry others plug into)
* ``scheduling``    publication at the release date (rq scheduler) and catch-up on start
* ``notifications`` emails on submit and decision (subscribed to ``ckanext.jena.signals``)
* ``audit``         the audit trail as dicts and CSV
"""
