"""Scoring: each source's reliability from corroboration, consistency, attribution, specificity and
hygiene, with the evidence for each component (reliability).

May import: checker.model, checker.config, checker.reading, checker.extraction, checker.alignment,
checker.judging."""
