"""`check gate` with a rule that raises: as `check`, the error names the rule's file and line on one
line, the other rules' findings are kept in the verdicts, and the exit code is 3 at the end."""

from __future__ import annotations

import json

from checker.cli import main
from checker.storage.store import ClaimStore
from conftest import SEEDS

FIRST = str(SEEDS / "000_9c20335e17cda3a1.txt")
OTHERS = [str(p) for p in sorted(SEEDS.glob("*.txt"))[1:]]

BROKEN = '''"""A rule with a bug.

What it flags:
    nothing
Why it matters:
    it raises
Example:
    none
"""
ID = "EX901"
NAME = "broken-rule"
KIND = "cross-source"
SEVERITY = "high"


def check(ctx):
    return [1 / 0]
'''


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_rule_that_raises_in_gate_names_its_file_and_keeps_other_findings(tmp_path, capsys):
    store = tmp_path / "claims.sqlite"
    assert _run(capsys, "ingest", *OTHERS, "--store", str(store))[0] == 0
    rules = tmp_path / "my_rules"
    rules.mkdir()
    (rules / "broken.py").write_text(BROKEN, encoding="utf-8")
    line = BROKEN.splitlines().index("    return [1 / 0]") + 1
    code, out, err = _run(capsys, "gate", FIRST, *OTHERS[:1], "--store", str(store), "--rules", str(rules),
                          "-f", "json", "--ingest-on-pass", "--fail-on", "none")
    assert code == 3
    errors = [e for e in err.splitlines() if "internal error" in e]
    assert len(errors) == 1, err  # once, though it failed on two articles
    assert f"rule EX901 ({rules / 'broken.py'}:{line}) failed: ZeroDivisionError" in errors[0]
    assert "Traceback" not in err
    verdicts = json.loads(out)["verdicts"]
    assert {f["rule"] for v in verdicts for f in v["findings"]} & {"CC101", "CC102", "CC103", "CC105"}
    # a half-judged article is not let in, though no threshold failed
    with ClaimStore.open(store) as st:
        assert st.count() == len(OTHERS)
