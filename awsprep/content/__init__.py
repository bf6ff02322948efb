"""Content: the YAML schema, loading with line-accurate errors, and coverage against the exam."""
