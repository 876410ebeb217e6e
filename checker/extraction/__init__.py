"""Extraction: what each article asserts, one document at a time (and person unification across them).

Sentences and tokens (text), time expressions (timeexpr), places and the gazetteer (places, gazetteer,
capitals, nationality), people and participants (participants, people), quantities, framing and
negation, attribution, topics, and the lexicon data they read (data/). `claims` strings them together
into a `SourceClaims` per article.

May import: checker.model, checker.config, checker.reading."""
