"""scripts/build_admin1_codes.py: GeoNames region codes matched to ISO regions by name."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "build_admin1_codes.py"


def _script():
    spec = importlib.util.spec_from_file_location("build_admin1_codes", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_codes_match_regions_by_their_cities_names_and_unmatched_ones_are_left_out(tmp_path):
    build = _script()
    csv = tmp_path / "rg.csv"
    csv.write_text(
        "lat,lon,name,admin1,admin2,cc\n"
        "49.4891,8.46694,Mannheim,Baden-Wuerttemberg,Karlsruhe Region,DE\n"  # GeoNames code DE 01
        "-33.86785,151.20732,Sydney,New South Wales,City of Sydney,AU\n"  # AU 02
        "48.13743,11.57549,Munich,Upper Lowlands,,DE\n",  # DE 02 under a name no ISO region has
        encoding="utf-8",
    )
    rows, skipped = build.build(str(csv))
    assert ("DE", "01", "DE.BW", "Baden-Wuerttemberg") in rows
    assert ("AU", "02", "AU.NSW", "New South Wales") in rows
    assert not any(r[:2] == ("DE", "02") for r in rows)
    assert any(s.startswith("DE.02") for s in skipped)


def test_kind_words_are_compared_bare():
    build = _script()
    assert build._bare("Khabarovsk Krai") == build._bare("Khabarovsk")
    assert build._bare("Rangpur Division") == "rangpur"
