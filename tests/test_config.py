"""Config tests: discovery, validation (every error names the file, in one line), overrides, queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.config import (Config, canonical_rule_refs, find_pyproject, load_config, resolve_rule_refs, rule_enabled,
                            rule_options, rule_severity, unknown_rule_refs, with_overrides)
from checker.model import InputError
from reportfactory import make_rule

FULL = """\
[project]
name = "demo"

[tool.checker]
select = ["CC101", "CC105"]
ignore = []
fail-on = "high"
min_score = 0.3
min-confidence = 0.5
rules-dirs = ["./my_rules"]

[tool.checker.severity]
CC101 = "medium"
location-conflict = "LOW"

[tool.checker.weights]
corroboration = 0.3
hygiene = 1

[tool.checker.rules.CC105]
min-ratio = 0.2
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, text: str) -> str:
    write(path, text)
    with pytest.raises(InputError) as info:
        load_config(explicit=path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


# --- discovery --------------------------------------------------------------------------------------


def test_defaults_without_any_file(tmp_path):
    assert load_config(start=tmp_path) == Config()


def test_full_pyproject_from_nested_folder(tmp_path):
    write(tmp_path / "pyproject.toml", FULL)
    (tmp_path / "my_rules").mkdir()
    nested = tmp_path / "src" / "deep"
    nested.mkdir(parents=True)
    config = load_config(start=nested)
    assert config.select == ("CC101", "CC105") and config.ignore == ()
    assert config.fail_on == "high" and config.min_score == 0.3 and config.min_confidence == 0.5
    assert config.severity == {"CC101": "medium", "location-conflict": "low"}
    assert config.weights == {"corroboration": 0.3, "hygiene": 1.0}
    assert config.rule_options == {"CC105": {"min_ratio": 0.2}}
    assert config.rules_dirs == ((tmp_path / "my_rules").resolve(),)
    assert config.source == (tmp_path / "pyproject.toml").resolve()


def test_pyproject_without_table_is_passed_over(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.checker]\nfail-on = "low"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "other"\n')
    config = load_config(start=tmp_path / "sub")
    assert config.fail_on == "low"
    assert find_pyproject(tmp_path / "sub")[0] == (tmp_path / "pyproject.toml").resolve()


def test_nearest_table_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.checker]\nfail-on = "low"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.checker]\nfail-on = "high"\n')
    assert load_config(start=tmp_path / "sub").fail_on == "high"


def test_explicit_file_top_level_or_tool_table(tmp_path):
    plain = write(tmp_path / "checker.toml", 'select = ["CC101"]\n')
    assert load_config(explicit=plain, start=tmp_path).select == ("CC101",)
    pyproject = write(tmp_path / "other.toml", '[tool.checker]\nselect = ["CC102"]\n')
    assert load_config(explicit=pyproject).select == ("CC102",)


def test_explicit_file_beats_discovery(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.checker]\nfail-on = "low"\n')
    explicit = write(tmp_path / "ci.toml", 'fail-on = "high"\n')
    assert load_config(explicit=explicit, start=tmp_path).fail_on == "high"


def test_relative_rules_dirs_resolve_against_config_folder(tmp_path, monkeypatch):
    (tmp_path / "conf" / "extra").mkdir(parents=True)
    path = write(tmp_path / "conf" / "c.toml", 'rules = ["extra"]\n')
    monkeypatch.chdir(tmp_path)
    assert load_config(explicit=path).rules_dirs == ((tmp_path / "conf" / "extra").resolve(),)


# --- validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ('sellect = ["CC101"]\n', "unknown key 'sellect' (did you mean 'select'?)"),
    ('colour = true\n', "unknown key 'colour'"),
    ('fail-on = "severe"\n', "severity 'severe' is not one of info, low, medium, high"),
    ('[severity]\nCC101 = "urgent"\n', "severity.CC101: severity 'urgent'"),
    ('[weights]\ncorroboration = "high"\n', "weights.corroboration must be a number"),
    ('[weights]\ncorroboration = true\n', "weights.corroboration must be a number"),
    ('[weights]\ncorroboration = -1\n', "weights.corroboration must be a number >= 0"),
    ('[weights]\nfreshness = 0.2\n', "unknown weight 'freshness'"),
    ('[weights]\nhygiene = 0\n', "weights are all zero"),
    ('min-score = 1.5\n', "min-score must be a number between 0 and 1"),
    ('min-score = -0.1\n', "min-score must be a number between 0 and 1"),
    ('min-score = "high"\n', "min-score must be a number between 0 and 1"),
    ('min-confidence = 2\n', "min-confidence must be a number between 0 and 1"),
    ('select = "CC101"\n', "select must be a list of rule ids or names"),
    ('ignore = [1]\n', "ignore must be a list of rule ids or names"),
    ('rules = ["missing"]\n', "rules folder 'missing' not found"),
    ('[rules]\nCC105 = 3\n', "rules.CC105 must be a table of options"),
    ('fail-on = "high"\nfail_on = "low"\n', "given twice"),
    ('select = [\n', "not valid TOML"),
])
def test_invalid_config_names_the_file(tmp_path, text, expected):
    assert expected in error_of(tmp_path / "c.toml", text)


def test_explicit_pyproject_without_table(tmp_path):
    assert "no [tool.checker] table" in error_of(tmp_path / "pyproject.toml", '[tool.black]\nline-length = 9\n')


def test_missing_explicit_file(tmp_path):
    with pytest.raises(InputError, match="config file not found"):
        load_config(explicit=tmp_path / "nope.toml")


def test_broken_pyproject_during_discovery_is_an_error(tmp_path):
    write(tmp_path / "pyproject.toml", "[tool.checker\n")
    with pytest.raises(InputError, match="pyproject.toml: not valid TOML"):
        load_config(start=tmp_path)


# --- overrides --------------------------------------------------------------------------------------


def test_with_overrides_precedence(tmp_path):
    (tmp_path / "a").mkdir()
    base = Config(select=("CC101",), severity={"CC101": "low", "CC102": "low"}, fail_on="high", min_score=0.4,
                  rules_dirs=(tmp_path / "a",), weights={"corroboration": 0.5})
    unchanged = with_overrides(base, select=[], ignore=None, severity={}, fail_on=None, min_score=None)
    assert unchanged == base
    new = with_overrides(base, select=["CC103"], severity={"CC101": "HIGH"}, rules_dirs=[Path("b")],
                         fail_on="none", min_score=0.0, min_confidence=0.7, weights={"hygiene": 0.1})
    assert new.select == ("CC103",)
    assert new.severity == {"CC101": "high", "CC102": "low"}
    assert new.rules_dirs == (tmp_path / "a", Path("b"))
    assert new.fail_on is None and new.min_score == 0.0 and new.min_confidence == 0.7
    assert new.weights == {"corroboration": 0.5, "hygiene": 0.1}
    assert base.select == ("CC101",)  # frozen: the original is untouched


def test_with_overrides_validates():
    with pytest.raises(InputError, match="--min-score"):
        with_overrides(Config(), min_score=3)
    with pytest.raises(InputError, match="--severity"):
        with_overrides(Config(), severity={"CC101": "severe"})
    with pytest.raises(TypeError):
        with_overrides(Config(), colour=True)


# --- queries ----------------------------------------------------------------------------------------


def test_rule_enabled_by_id_or_name():
    assert rule_enabled(Config(), "CC101", "location-conflict")
    config = Config(select=("cc101", "Time-Conflict"), ignore=("time-conflict",))
    assert rule_enabled(config, "CC101", "location-conflict")
    assert not rule_enabled(config, "CC102", "time-conflict")  # ignore wins over select
    assert not rule_enabled(config, "CC103", "quantity-mismatch")  # not selected
    assert not rule_enabled(Config(ignore=("location-conflict",)), "CC101", "location-conflict")


def test_rule_severity_id_beats_name():
    config = Config(severity={"location-conflict": "low", "CC101": "medium", "time-conflict": "info"})
    assert rule_severity(config, "CC101", "location-conflict", "high") == "medium"
    assert rule_severity(config, "CC102", "time-conflict", "high") == "info"
    assert rule_severity(config, "CC103", "quantity-mismatch", "high") == "high"


def test_rule_options_merge_name_then_id():
    config = Config(rule_options={"place-conflict": {"a": 1, "b": 1}, "cc901": {"b": 2}})
    assert rule_options(config, "CC901", "place-conflict") == {"a": 1, "b": 2}
    assert rule_options(config, "CC902", "other") == {}


def test_unknown_rule_refs():
    config = Config(select=("CC901", "CC999"), ignore=("plcae-conflict",), severity={"place-conflict": "low"},
                    rule_options={"CC7": {}})
    assert unknown_rule_refs(config, [make_rule()]) == ["select: CC999", "ignore: plcae-conflict", "rules: CC7"]


def test_config_is_hashable_and_picklable():
    import pickle

    config = Config(select=("CC101",), severity={"CC101": "low"})
    assert hash(config) == hash(Config(select=("CC101",), severity={"CC101": "low"}))
    assert pickle.loads(pickle.dumps(config)) == config


RULES = [make_rule(), make_rule("CC902", "time-conflict")]


def test_canonical_rule_refs_spell_ids_and_id_beats_name():
    config = Config(select=("cc901", "place-conflict", "time-conflict"), ignore=("CC999",),
                    severity={"CC901": "low", "place-conflict": "info"},
                    rule_options={"cc901": {"a": 1}, "place-conflict": {"a": 0, "b": 2}})
    canon = canonical_rule_refs(config, RULES)
    assert canon.select == ("CC901", "CC902") and canon.ignore == ("CC999",)  # unknown kept as written
    assert canon.severity == {"CC901": "low"}
    assert canon.rule_options == {"CC901": {"a": 1, "b": 2}}


def test_resolve_rule_refs_cli_beats_file_across_spellings():
    file_config = Config(severity={"CC901": "low", "CC902": "low"}, select=("CC902",))
    config = resolve_rule_refs(file_config, RULES, severity={"place-conflict": "info"}, select=["Place-Conflict"])
    assert config.severity == {"CC901": "info", "CC902": "low"}
    assert config.select == ("CC901",)
