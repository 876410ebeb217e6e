"""Built-in rule modules, one rule per file. Installed as `checker.rules`; see checker/judging/kit.py."""
