"""Storage: the claim store and the review store on one SQLite base, the JSON forms of claims they
keep, and atomic file writes.

May import: every stage below it (checker.model ... checker.scoring) and checker.render (for the JSON
forms of a report)."""
