"""Write the JSON report of every reference corpus, or compare them with an earlier snapshot.

    python scripts/snapshot_reports.py --out /tmp/before                 # seeds, stories, every fixture case
    python scripts/snapshot_reports.py --out /tmp/before --corpus /tmp/bench/1000   # and any other folder
    python scripts/snapshot_reports.py --out /tmp/after --compare /tmp/before       # exit 1 on any difference

For refactors that must not change what users see: the reports are written byte for byte as
`check DIR --format json` writes them, one file per corpus, and `--compare` names every corpus whose
report differs (or is missing on either side). Corpora: `seeds/`, each folder of `tests/stories/`,
each fixture case under `fixtures/`, and every `--corpus` given (the benchmark's 1,000-article corpus
is built with `python scripts/bench.py --sizes 1000 --keep DIR`).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.api import check_corpus  # noqa: E402
from checker.render.jsonreport import render_json  # noqa: E402


def reference_corpora(extra: list[Path]) -> dict[str, Path]:
    """Name -> folder of every corpus whose report a refactor must keep."""
    corpora = {"seeds": ROOT / "seeds"}
    corpora.update({f"stories-{d.name}": d for d in sorted((ROOT / "tests" / "stories").iterdir()) if d.is_dir()})
    for case in sorted((ROOT / "fixtures").glob("*/*/")):
        corpora[f"fixture-{case.parent.name}-{case.name}"] = case
    corpora.update({f"corpus-{p.resolve().name}": p for p in extra})
    return corpora


def snapshot(corpora: dict[str, Path], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, folder in corpora.items():
        report, _ = check_corpus([folder], jobs=1)
        (out / f"{name}.json").write_text(render_json(report), encoding="utf-8")


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def compare(new: Path, old: Path) -> list[str]:
    """Names of the reports that differ between two snapshot folders (missing on one side counts)."""
    names = sorted({p.name for p in new.glob("*.json")} | {p.name for p in old.glob("*.json")})
    return [n for n in names if _digest(new / n) != _digest(old / n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the reports (one JSON file per corpus)")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="another folder to include")
    parser.add_argument("--compare", type=Path, default=None, help="an earlier snapshot folder to compare with")
    args = parser.parse_args()
    corpora = reference_corpora(args.corpus)
    snapshot(corpora, args.out)
    print(f"{len(corpora)} reports written to {args.out}")
    if args.compare is None:
        return 0
    differing = compare(args.out, args.compare)
    for name in differing:
        print(f"differs: {name}")
    print(f"{len(corpora) - len(differing)} identical, {len(differing)} different")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
