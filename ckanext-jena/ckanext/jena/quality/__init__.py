"""Data management (issue 16): the MQA metadata-quality score (``mqa``), its labels, its
assessment of stored datasets (``assessment``) and the helpers that show it."""
