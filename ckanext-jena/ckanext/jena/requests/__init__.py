"""What every request passes through, whatever view serves it: input that no view may see
(:mod:`.input_guard`) and a database session that is clean before and after (:mod:`.session_cleanup`)."""
