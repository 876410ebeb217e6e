"""Judging: the rule protocol and the help rules share.

What a rule is, how rules are loaded and what they are given (kit), helpers for sides, confidence and
same-event wording (helpers), and the --fail-on / --min-score thresholds (thresholds). Rule modules
themselves live in `rules/` (installed as checker.rules) and import only `checker.rulekit`.

May import: checker.model, checker.config, checker.reading, checker.extraction, checker.alignment."""
