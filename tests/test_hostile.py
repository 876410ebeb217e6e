"""Hostile input and hostile conditions, one behaviour per test: decoding, input limits, a failing or
slow document, -o targets, a full disk, workers that die with their run, a damaged claim store, the
review app's probe set, and property-based fuzzing of the loaders and the text stages."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.model import Source
from checker.reading import limits
from checker.reading.decode import DecodeError, decode_bytes
from checker.reading.load import MAX_JSON_DEPTH, _html_to_text, load_corpus
from conftest import ROOT, SEEDS

import zoo


def run(*args: str, timeout: float = 180, **kw) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, **kw)


# --- decoding ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,encoding,expected", [
    ("Le ministre de la Défense s'est rendu à Séoul vendredi, a déclaré le ministère.", "latin-1", "cp1252"),
    ("The talks were \u201cproductive\u201d \u2013 it cost \u20ac5 million.", "cp1252", "cp1252"),
    ("Министр обороны прибыл в Сеул в пятницу, сообщило министерство.", "cp1251", "cp1251"),
    ("\ufeffHello world.", "utf-16-le", "utf-16-le"),
    ("\ufeffHello world.", "utf-16-be", "utf-16-be"),
    ("\ufeffHello world.", "utf-32-le", "utf-32-le"),
])
def test_legacy_and_bom_encodings_are_read(text, encoding, expected):
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text.lstrip("\ufeff") and decoded.encoding == expected and decoded.confidence >= 0.8


@pytest.mark.parametrize("data", [bytes(range(128, 256)) * 4, b"GIF89a\x00\x01", b"\xff\xfe\x00\xd8"])
def test_undecodable_bytes_are_refused_with_a_reason(data):
    with pytest.raises(DecodeError):
        decode_bytes(data)


# --- limits -----------------------------------------------------------------------------------------


def test_json_limits_are_warnings(tmp_path):
    (tmp_path / "ok.txt").write_text(zoo.SHORT)
    (tmp_path / "deep.json").write_text('{"text": "x", "a": ' + "[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5) + "}")
    (tmp_path / "big.jsonl").write_text('{"text": "x", "n": 1' + "0" * 200 + "}\n")
    result = load_corpus([tmp_path])
    assert [s.id for s in result.sources] == ["ok"]
    text = "\n".join(result.warnings)
    assert "deep.json: skipped: JSON nested deeper than 64 levels" in text
    assert "big.jsonl: line 1: skipped: a number of 201 digits" in text


def test_file_count_limit(tmp_path, monkeypatch):
    from checker.reading import load

    monkeypatch.setattr(load, "MAX_FILES", 3)
    for i in range(6):
        (tmp_path / f"a{i}.txt").write_text(zoo.SHORT)
    result = load_corpus([tmp_path])
    assert len(result.sources) == 3
    assert any("stopped after 3 files (the limit)" in w for w in result.warnings)


@pytest.mark.parametrize("html", ["<p a" * 100_000, "<a" * 200_000, "<div>" * 200_000, "</ " * 200_000,
                                  "<!--" * 200_000, "<article>" + "<header>x" * 50_000,
                                  "<p " + " ".join(f"a{i}=x" for i in range(50_000)) + ">x</p>"])
def test_html_parsing_stays_linear(html):
    start = time.monotonic()
    _html_to_text(html, [], "x.html")
    assert time.monotonic() - start < 15  # quadratic paths took minutes at these sizes


def test_a_failing_document_is_skipped_with_a_warning(tmp_path, monkeypatch):
    from checker.running import documents
    from checker.running.pipeline import check_corpus

    zoo.write_good(tmp_path)
    (tmp_path / "bad.txt").write_text(zoo.SHORT)
    real = documents.extract_claims

    def failing(cleaned, sentences, gazetteer):
        if cleaned.source.id == "bad":
            raise OverflowError("date value out of range")
        return real(cleaned, sentences, gazetteer)

    monkeypatch.setattr(documents, "extract_claims", failing)
    report, warnings = check_corpus([tmp_path])
    assert [s.id for s in report.sources] == ["good-a", "good-b"]
    assert any("bad.txt: skipped: claims failed: OverflowError: date value out of range" in w for w in warnings)


def test_a_slow_document_is_skipped_after_the_time_limit(tmp_path, monkeypatch):
    from checker.running import documents
    from checker.running.pipeline import check_corpus

    zoo.write_good(tmp_path)
    (tmp_path / "slow.txt").write_text(zoo.SHORT)
    real = documents.split_sentences

    def slow(cleaned):
        if cleaned.source.id == "slow":
            while True:
                pass
        return real(cleaned)

    monkeypatch.setattr(documents, "split_sentences", slow)
    monkeypatch.setattr(limits, "DOCUMENT_TIME_LIMIT", 1.0)
    start = time.monotonic()
    report, warnings = check_corpus([tmp_path])
    assert time.monotonic() - start < 60
    assert "slow" not in {s.id for s in report.sources}
    assert any("slow.txt: skipped: sentences failed: took longer than 1 s" in w for w in warnings)


# --- output targets and write errors -------------------------------------------------------------------


def test_output_refuses_a_symlink_and_a_device(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("keep")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    out = run(str(SEEDS), "-f", "json", "-o", str(link), "--no-reviews")
    assert out.returncode == 2 and "symbolic link" in out.stderr and out.stderr.count("\n") == 1
    assert link.is_symlink() and target.read_text() == "keep"
    out = run(str(SEEDS), "-f", "json", "-o", "/dev/null", "--no-reviews")
    assert out.returncode == 2 and "a device" in out.stderr
    assert Path("/dev/null").is_char_device()


def test_output_dash_is_stdout():
    out = run(str(SEEDS), "-f", "json", "-o", "-", "--no-reviews")
    assert out.returncode in (0, 1) and json.loads(out.stdout)["sources"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_is_a_one_line_error_exit_2():
    with open("/dev/full", "w") as full:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        out = subprocess.run([sys.executable, "-m", "checker", str(SEEDS), "-f", "json", "--no-reviews"], cwd=ROOT,
                             env=env, stdout=full, stderr=subprocess.PIPE, text=True, timeout=180)
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().count("\n") == 0 and "No space left on device" in out.stderr


# --- workers die with the run -----------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return {int(x) for x in out.stdout.split()}


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _sigint_as_in_a_terminal() -> None:
    """A terminal's foreground job starts with Ctrl-C at its default. A job started in the background of
    a shell without job control (`pytest ... &` in a script) inherits SIGINT ignored, and Python keeps
    it ignored, as any program would: the interrupt tests would then see a run that cannot be
    interrupted, whatever the checker does."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_ingest(tmp_path, stderr):
    """`check ingest --jobs 2` on 300 articles in a child process, and the worker pids once they run."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    texts = [p.read_text() for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(300):
        (corpus / f"a{i:03d}.txt").write_text(texts[i % len(texts)] + f"\nNote {i}.\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "checker", "ingest", str(corpus), "--store", str(tmp_path / "s.sqlite"),
                             "--jobs", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
                            preexec_fn=_sigint_as_in_a_terminal)
    deadline = time.monotonic() + 90
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.1)
    return proc, workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_ingest_workers_die_with_the_parent(tmp_path, sig):
    proc, workers = _start_ingest(tmp_path, stderr=subprocess.DEVNULL)
    assert workers, "no worker processes started"
    proc.send_signal(sig)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker outlived its run"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_ctrl_c_during_ingest_exits_130_and_leaves_no_worker(tmp_path):
    proc, workers = _start_ingest(tmp_path, stderr=subprocess.PIPE)
    assert workers, "no worker processes started"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


# --- the claim store ----------------------------------------------------------------------------------


def test_gate_refuses_a_damaged_store(tmp_path):
    store = tmp_path / "s.sqlite"
    assert run("ingest", str(SEEDS), "--store", str(store)).returncode == 0
    subprocess.run([sys.executable, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                    "c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()", str(store)], check=True)
    data = bytearray(store.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 8192] = os.urandom(8192)
    store.write_bytes(bytes(data))
    out = run("gate", str(SEEDS / "000_9c20335e17cda3a1.txt"), "--store", str(store))
    assert out.returncode == 2 and "damaged" in out.stderr, out.stderr


def test_a_readonly_folder_is_named_plainly(tmp_path, monkeypatch):
    from checker.storage import sqlitedb

    monkeypatch.setattr(sqlitedb.os, "access", lambda path, mode: False)
    message = sqlitedb.readonly_message(tmp_path / "s.sqlite", "claim store")
    assert f"its folder {tmp_path} cannot be written" in message


# --- fuzzing ------------------------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FUZZ = settings(max_examples=60 if os.environ.get("CI") else 25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

markup = st.lists(st.sampled_from(["<p>", "</p>", "<div", ">", "<", "<!--", "-->", "<script>", "</script>",
                                   "<h1>", "<header>", "<article>", "&amp;", "&#xD800;", "\x00", "\x1b[2J",
                                   "Officials met in Busan on Tuesday.", " ", "\n", "<a href='x'>", "\ud800"]),
                  max_size=60).map("".join)
front = st.lists(st.sampled_from(["---\n", "title: x\n", "published: 9999-01-01\n", "published: 0001-01-01\n",
                                  "date: [\n", ": :\n", "  nested: {\n", "...\n", "Officials met on Friday.\n"]),
                 max_size=12).map("".join)


def _write_and_load(tmp_path: Path, name: str, data: bytes):
    folder = tmp_path / f"f{abs(hash(data)) % 10**9}"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(zoo.SHORT)
    result = load_corpus([folder])
    assert "good" in {s.id for s in result.sources}
    for s in result.sources:
        s.text.encode("utf-8")  # nothing unencodable gets through
    return result


@FUZZ
@given(text=st.text(max_size=400))
def test_fuzz_plain_text_and_text_stages(tmp_path, text):
    from checker.running.documents import analyse_one

    result = _write_and_load(tmp_path, "a.txt", text.encode("utf-8", "surrogatepass"))
    for s in result.sources:
        cleaned, claims = analyse_one(s)
        assert cleaned is not None or "failed" not in claims.warning()


@FUZZ
@given(html=markup)
def test_fuzz_html(tmp_path, html):
    _write_and_load(tmp_path, "a.html", html.encode("utf-8", "surrogatepass"))


@FUZZ
@given(md=front, body=st.text(max_size=200))
def test_fuzz_front_matter(tmp_path, md, body):
    _write_and_load(tmp_path, "a.md", (md + body).encode("utf-8", "surrogatepass"))


def _containers(inner):
    return st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4))


@FUZZ
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                          _containers, max_leaves=20))
def test_fuzz_json_fields(tmp_path, value):
    record = {"text": "Officials met in Busan on Tuesday.", "title": value, "published": value, "id": value,
              "outlet": value, "url": value, "dateline": value}
    result = _write_and_load(tmp_path, "a.json", json.dumps(record, allow_nan=True).encode())
    from checker.render.jsonreport import source_to_dict

    for s in result.sources:
        json.dumps(source_to_dict(s, None), allow_nan=False)


@FUZZ
@given(data=st.binary(max_size=300))
def test_fuzz_random_bytes(tmp_path, data):
    _write_and_load(tmp_path, "a.txt", data)


def test_long_random_text_stays_fast():
    """Super-linear paths show on long inputs: 200 KB of random words and punctuation in the text stages."""
    import random

    from checker.running.documents import analyse_one

    rng = random.Random(7)
    words = ["Minister", "met", "in", "Seoul", "on", "Friday", "March", "3,", "2025", "U.S.", "the", "(", ")",
             "\u201c", "said", "100", "troops", "—", "Dr.", "Jan.", ".", ",", "\n\n", "not", "treaty"]
    text = " ".join(rng.choice(words) for _ in range(40_000))
    start = time.monotonic()
    cleaned, claims = analyse_one(Source(id="x", path="x.txt", text=text))
    assert cleaned is not None
    assert time.monotonic() - start < 60
