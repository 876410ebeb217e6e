"""claimcheck-news: source-reliability and claim-consistency checker for news.

The package is laid out by stage (docs/architecture.md): reading, extraction, alignment, judging,
scoring, render, storage, running, and the ways in (cli, serve, api, and rulekit for rule authors).
Modules that used to sit directly under `checker` still import from their old paths, with a
DeprecationWarning naming the new one, so custom rules and scripts written against them keep working.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings

__version__ = "0.1.0"

# old module path (under checker.) -> where it lives now
MOVED_MODULES = {
    "load": "reading.load", "clean": "reading.clean", "garbled": "reading.garbled",
    "text": "extraction.text", "timeexpr": "extraction.timeexpr", "places": "extraction.places",
    "gazetteer": "extraction.gazetteer", "capitals": "extraction.capitals", "nationality": "extraction.nationality",
    "participants": "extraction.participants", "people": "extraction.people", "quantities": "extraction.quantities",
    "framing": "extraction.framing", "negation": "extraction.negation", "attribution": "extraction.attribution",
    "topics": "extraction.topics", "lexicon": "extraction.lexicon", "scan": "extraction.scan",
    "claims": "extraction.claims", "data": "extraction.data",
    "events": "alignment.events", "align": "alignment.align", "compare": "alignment.compare",
    "rulehelpers": "judging.helpers", "thresholds": "judging.thresholds",
    "reliability": "scoring.reliability",
    "sqlitedb": "storage.sqlitedb", "store": "storage.store", "reviews": "storage.reviews",
    "serialize": "storage.serialize", "atomic": "storage.atomic",
    "pipeline": "running.pipeline", "engines": "running.engines", "dask_engine": "running.dask_engine",
    "progress": "running.progress", "gate": "running.gate",
    "cli_store": "cli.store",
}


class _MovedModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves `checker.<old>` to the module's new home: the import returns the new module itself
    (one module object, so classes compare equal), after a DeprecationWarning."""

    def find_spec(self, fullname, path=None, target=None):
        old = fullname.removeprefix(f"{__name__}.")
        if old == fullname or old not in MOVED_MODULES:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        return None  # a placeholder; exec_module swaps in the real module

    def exec_module(self, module):
        new = f"{__name__}.{MOVED_MODULES[module.__name__.removeprefix(f'{__name__}.')]}"
        warnings.warn(f"{module.__name__} has moved to {new}; import it from there (or, in a rule, from "
                      f"checker.rulekit)", DeprecationWarning, stacklevel=2)
        sys.modules[module.__name__] = importlib.import_module(new)


if not any(isinstance(f, _MovedModuleFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _MovedModuleFinder())
