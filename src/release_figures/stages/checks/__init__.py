"""The consistency checks: definitions, inputs, evaluators by family, verdicts."""
