"""Running: the stages strung together (pipeline), where their work runs (engines: this process, a
process pool, Dask), progress callbacks, and the gate that judges one article against a claim store.

May import: every package below it: checker.model, checker.config, reading, extraction, alignment,
judging, scoring, render, storage."""
