"""Reading input: files and folders into `Source`s (load), their lines labelled as title, body or
page furniture with offsets kept (clean), and garbled-word detection.

Owns: load, clean, garbled. May import: checker.model, checker.config."""
