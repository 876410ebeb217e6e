"""Tests for checker.reading.load: formats, metadata sources, ordering, ids, bad input, symlinks."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from checker.model import InputError, Metadata
from checker.reading.load import load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = "A storm hit the coast on Friday, officials said.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


@pytest.fixture
def cwd(tmp_path, monkeypatch):
    """Run in tmp_path so paths can be given (and shown) relative, as a user would."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def by_id(result):
    return {s.id: s for s in result.sources}


# --- plain text and paths -------------------------------------------------------------------------


def test_seeds_load_verbatim():
    result = load_corpus([SEEDS])
    assert len(result.sources) == 5
    assert result.warnings == ()
    for src in result.sources:
        original = (SEEDS / f"{src.id}.txt").read_text(encoding="utf-8")
        assert src.text == original.replace("\r\n", "\n")
        assert src.metadata == Metadata()


def test_folder_paths_are_shown_as_given_and_recursive(cwd):
    write(cwd / "corpus/a.txt", ARTICLE)
    write(cwd / "corpus/sub/deeper/b.txt", ARTICLE)
    result = load_corpus(["./corpus/"])
    assert [(s.id, s.path) for s in result.sources] == [
        ("a", "corpus/a.txt"), ("b", "corpus/sub/deeper/b.txt")]


def test_direct_file_and_absolute_path(cwd):
    f = write(cwd / "one.txt", ARTICLE)
    assert load_corpus(["one.txt"]).sources[0].path == "one.txt"
    assert load_corpus([str(f)]).sources[0].path == f.as_posix()


@pytest.mark.parametrize("raw", ["line one\r\nline two\r\n", "line one\rline two\r", "line one\nline two\n"])
def test_newlines_normalised(cwd, raw):
    write(cwd / "a.txt", raw)
    assert load_corpus(["a.txt"]).sources[0].text == "line one\nline two\n"


def test_utf8_bom_is_dropped(cwd):
    write(cwd / "a.txt", "\ufeffHello world.".encode("utf-8"))
    assert load_corpus(["a.txt"]).sources[0].text == "Hello world."


def test_hidden_files_and_folders_ignored(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "c/.draft.txt", ARTICLE)
    write(cwd / "c/.git/b.txt", ARTICLE)
    result = load_corpus(["c"])
    assert [s.id for s in result.sources] == ["a"] and result.warnings == ()


def test_unknown_extensions(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "c/photo.png", b"\x89PNG")
    write(cwd / "c/report.pdf", b"%PDF-1.4")
    write(cwd / "c/README", "notes")
    result = load_corpus(["c"])
    assert [s.id for s in result.sources] == ["a"]
    assert result.warnings == ("c/README: skipped: unsupported format (no extension)",
                               "c/report.pdf: skipped: unsupported format (.pdf)")


# --- markdown ---------------------------------------------------------------------------------------


def test_markdown_front_matter(cwd):
    write(cwd / "m.md", "---\ntitle: \"Storm: the day after\"\noutlet: Example News\n"
                        "url: https://example.org/a\ndate: 2024-06-03T10:00:00Z\ndateline: LISBON\n"
                        "tags:\n  - weather\n---\n\n# Storm\n\nLISBON — Text.\n")
    src = load_corpus(["m.md"]).sources[0]
    assert src.metadata == Metadata(title="Storm: the day after", outlet="Example News",
                                    url="https://example.org/a", published=date(2024, 6, 3),
                                    dateline="LISBON")
    assert src.text == "# Storm\n\nLISBON — Text.\n"


def test_markdown_without_front_matter_is_verbatim(cwd):
    write(cwd / "m.md", "# Title\n\n---\n\nBody text.\n")
    src = load_corpus(["m.md"]).sources[0]
    assert src.text == "# Title\n\n---\n\nBody text.\n" and src.metadata == Metadata()


def test_markdown_unclosed_front_matter_warns(cwd):
    write(cwd / "m.md", "---\ntitle: x\nBody text.\n")
    result = load_corpus(["m.md"])
    assert result.sources[0].text.startswith("---\ntitle: x")
    assert result.warnings == ("m.md: front matter has no closing '---'; read as text",)


# --- html -------------------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Storm hits coast | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="date" content="2025-03-14">
<link rel="canonical" href="https://example.org/storm">
<script>var s = "<p>script text</p>";</script><style>.a{color:red}</style></head>
<body><header><nav><a href="/">Home</a></nav>Site banner</header>
<main><article><header><h1>Storm hits coast</h1></header>
<p>LISBON &mdash; A storm   hit the
coast on Friday.</p><p>Winds reached <b>120 km/h</b>.<br>Trees fell.</p>
<div hidden>hidden text</div><noscript>enable js</noscript><template>tpl</template>
<aside>Most read</aside></article></main><footer>&copy; 2025 Example</footer></body></html>"""


def test_html_visible_text_and_metadata(cwd):
    write(cwd / "p.html", PAGE)
    src = load_corpus(["p.html"]).sources[0]
    assert src.text == ("Storm hits coast\n\nLISBON — A storm hit the coast on Friday.\n\n"
                        "Winds reached 120 km/h.\nTrees fell.")
    assert src.metadata == Metadata(title="Storm hits coast | Example News", outlet="Example News",
                                    url="https://example.org/storm", published=date(2025, 3, 14))


def test_html_og_tags_win_over_title(cwd):
    write(cwd / "p.htm", '<html><head><title>T | Site</title><meta property="og:title" content="T">'
                         '<meta property="og:url" content="https://e.org/t">'
                         '<meta property="article:published_time" content="2025-03-14T08:12:00+01:00">'
                         '</head><body><p>Text.</p></body></html>')
    meta = load_corpus(["p.htm"]).sources[0].metadata
    assert (meta.title, meta.url, meta.published) == ("T", "https://e.org/t", date(2025, 3, 14))


def test_html_without_visible_text_is_skipped(cwd):
    write(cwd / "c/p.html", "<html><head><title>x</title></head><body><script>1</script></body></html>")
    write(cwd / "c/a.txt", ARTICLE)
    result = load_corpus(["c"])
    assert result.warnings == ("c/p.html: skipped: no visible text",)


# --- json / jsonl -----------------------------------------------------------------------------------


def test_json_single_object(cwd):
    write(cwd / "one.json", json.dumps({"title": "T", "source": {"id": "x", "name": "Wire"},
                                        "published": "2024-01-02", "body": "Text."}))
    src = load_corpus(["one.json"]).sources[0]
    assert (src.id, src.text) == ("one", "Text.")
    assert src.metadata == Metadata(title="T", outlet="Wire", published=date(2024, 1, 2))


def test_json_list_ids_and_fields(cwd):
    recs = [{"id": "alpha", "text": "A.", "url": "https://e.org/a", "dateline": "OSLO"},
            {"content": "B.", "outlet": "Paper", "date": "2024-05-06T07:08:09"},
            {"text": "C.\r\nD."},
            {"title": "no text"},
            "not an object"]
    write(cwd / "batch.json", json.dumps(recs))
    result = load_corpus(["batch.json"])
    got = by_id(result)
    assert sorted(got) == ["alpha", "batch-2", "batch-3"]
    assert got["alpha"].metadata == Metadata(url="https://e.org/a", dateline="OSLO")
    assert got["batch-2"].metadata == Metadata(outlet="Paper", published=date(2024, 5, 6))
    assert got["batch-3"].text == "C.\nD."
    assert all(s.path == "batch.json" for s in result.sources)
    assert result.warnings == ("batch.json: record 4: skipped: no text field (text|body|content)",
                               "batch.json: record 5: skipped: not a JSON object")


def test_jsonl_records_and_bad_line(cwd):
    lines = [json.dumps({"text": "First."}), "", "{broken", json.dumps({"id": 7, "body": "Third."})]
    write(cwd / "feed.jsonl", "\n".join(lines) + "\n")
    result = load_corpus(["feed.jsonl"])
    assert [(s.id, s.text) for s in result.sources] == [("7", "Third."), ("feed-1", "First.")]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("feed.jsonl: line 3: skipped: malformed JSON")


# --- sidecars ---------------------------------------------------------------------------------------


def test_per_file_sidecar(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "c/a.meta.json", json.dumps({"title": "T", "outlet": "O", "published": "2024-06-03"}))
    write(cwd / "c/b.txt", ARTICLE)
    write(cwd / "c/b.txt.meta.json", json.dumps({"url": "https://e.org/b"}))
    result = load_corpus(["c"])
    got = by_id(result)
    assert sorted(got) == ["a", "b"]  # sidecars are not articles
    assert got["a"].metadata == Metadata(title="T", outlet="O", published=date(2024, 6, 3))
    assert got["b"].metadata == Metadata(url="https://e.org/b")
    assert result.warnings == ()


def test_folder_metadata_json_and_precedence(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "c/b.txt", ARTICLE)
    write(cwd / "c/sub/d.md", "---\ntitle: From front matter\noutlet: FM\n---\nText.\n")
    write(cwd / "c/metadata.json", json.dumps({
        "a.txt": {"outlet": "Folder A", "title": "Folder title"},
        "b": {"outlet": "Folder B"},
        "sub/d.md": {"outlet": "Folder D"},
    }))
    write(cwd / "c/a.meta.json", json.dumps({"title": "Sidecar title"}))
    got = by_id(load_corpus(["c"]))
    assert sorted(got) == ["a", "b", "d"]
    assert got["a"].metadata == Metadata(title="Sidecar title", outlet="Folder A")
    assert got["b"].metadata == Metadata(outlet="Folder B")
    assert got["d"].metadata == Metadata(title="From front matter", outlet="Folder D")


def test_orphan_sidecars_warn(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "c/gone.meta.json", "{}")
    write(cwd / "c/metadata.json", json.dumps({"a": {"outlet": "O"}, "missing.txt": {}}))
    result = load_corpus(["c"])
    assert result.warnings == ("c/gone.meta.json: no article file matches this sidecar",
                               "c/metadata.json: no article matches entry 'missing.txt'")


def test_malformed_sidecar_warns_and_article_loads(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "c/a.meta.json", "{not json")
    result = load_corpus(["c"])
    assert [s.id for s in result.sources] == ["a"]
    assert result.sources[0].metadata == Metadata()
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("c/a.meta.json: malformed metadata JSON")


@pytest.mark.parametrize("bad", ["June 3rd", "2024-13-01", "03/06/2024", 20240603])
def test_malformed_date_warns_naming_file(cwd, bad):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "c/a.meta.json", json.dumps({"published": bad, "title": "T"}))
    result = load_corpus(["c"])
    assert result.sources[0].metadata == Metadata(title="T")
    assert result.warnings == (f"c/a.meta.json: malformed date {bad!r}; ignored",)


# --- order and ids ----------------------------------------------------------------------------------


def test_order_independent_of_arguments(cwd):
    write(cwd / "x/zeta.txt", ARTICLE)
    write(cwd / "y/alpha.txt", ARTICLE)
    write(cwd / "y/mid.md", "Text.")
    one = load_corpus(["x", "y"])
    two = load_corpus(["y", "x"])
    assert one == two
    assert [s.id for s in one.sources] == ["alpha", "mid", "zeta"]


def test_id_collisions_get_deterministic_suffixes(cwd):
    write(cwd / "b/story.txt", "B text.")
    write(cwd / "a/story.txt", "A text.")
    write(cwd / "c/story.md", "C text.")
    for order in (["c", "b", "a"], ["a", "b", "c"]):
        result = load_corpus(order)
        got = {s.id: s.path for s in result.sources}
        assert got == {"story": "a/story.txt", "story-2": "b/story.txt", "story-3": "c/story.md"}
        assert result.warnings == (
            "b/story.txt: id 'story' already used by a/story.txt; renamed to 'story-2'",
            "c/story.md: id 'story' already used by a/story.txt; renamed to 'story-3'")


def test_record_id_collides_with_file_stem(cwd):
    write(cwd / "a.txt", ARTICLE)
    write(cwd / "b.jsonl", json.dumps({"id": "a", "text": "Other."}) + "\n")
    result = load_corpus(["b.jsonl", "a.txt"])
    assert {s.id: s.path for s in result.sources} == {"a": "a.txt", "a-2": "b.jsonl"}


def test_same_file_twice_is_loaded_once(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    result = load_corpus(["c", "c/a.txt", "./c"])
    assert [s.id for s in result.sources] == ["a"] and result.warnings == ()


# --- bad input --------------------------------------------------------------------------------------

BAD_FILES = [
    ("bin.txt", b"GIF89a\x00\x01\x02 text", "bin.txt: skipped: binary file"),
    # Latin-1 and UTF-16 with a byte-order mark are read now: tests/test_decode.py
    ("latin.txt", bytes(range(128, 256)) * 4, "latin.txt: skipped: not UTF-8 text, and its encoding cannot be told"),
    ("utf16.txt", b"\xff\xfe" + b"\x00\xd8", "utf16.txt: skipped: invalid UTF-16 text after its byte-order mark"),
    ("empty.txt", b"", "empty.txt: skipped: empty"),
    ("blank.md", b"  \n\t\r\n  ", "blank.md: skipped: empty"),
    ("frontonly.md", b"---\ntitle: x\n---\n\n", "frontonly.md: skipped: empty"),
    ("huge.txt", b"word " * 300, "huge.txt: skipped: 1500 bytes is over the 1000-byte limit"),
    ("bad.json", b'{"text": "x",', "bad.json: skipped: malformed JSON"),
    ("scalar.json", b'"just a string"', "scalar.json: skipped: JSON is neither an object nor a list"),
]


@pytest.mark.parametrize("name,content,warning", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_skipped_with_warning(cwd, name, content, warning):
    write(cwd / "c/good.txt", ARTICLE)
    write(cwd / "c" / name, content)
    result = load_corpus(["c"], max_bytes=1000)
    assert [s.id for s in result.sources] == ["good"]
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("c/" + warning)


def test_missing_path_raises_naming_it(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    with pytest.raises(InputError) as err:
        load_corpus(["c", "path/x"])
    assert str(err.value) == "path/x: no such file or directory"


def test_nothing_readable_raises(cwd):
    write(cwd / "c/empty.txt", "")
    write(cwd / "c/pic.png", b"\x89PNG")
    with pytest.raises(InputError) as err:
        load_corpus(["c"])
    assert str(err.value) == "no readable articles in c (c/empty.txt: skipped: empty)"
    assert "\n" not in str(err.value)


def test_empty_path_list_raises():
    with pytest.raises(InputError):
        load_corpus([])


# --- symlinks -----------------------------------------------------------------------------------------

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symlinks")


@needs_symlinks
def test_symlink_loop_terminates(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    os.symlink("..", cwd / "c/up")  # leaves the folder: warned
    os.symlink(".", cwd / "c/self")  # loops back: ignored
    (cwd / "c/sub").mkdir()
    os.symlink("..", cwd / "c/sub/parent")  # loops back into c
    result = load_corpus(["c"])
    assert [s.path for s in result.sources] == ["c/a.txt"]
    assert result.warnings == ("c/up: skipped: symbolic link leads outside c",)


@needs_symlinks
def test_symlinks_dedupe_dangling_and_outside(cwd):
    write(cwd / "c/a.txt", ARTICLE)
    write(cwd / "outside.txt", ARTICLE)
    os.symlink("a.txt", cwd / "c/alias.txt")
    os.symlink("nowhere.txt", cwd / "c/dangling.txt")
    os.symlink("../outside.txt", cwd / "c/out.txt")
    result = load_corpus(["c"])
    assert [s.path for s in result.sources] == ["c/a.txt"]
    assert result.warnings == ("c/dangling.txt: skipped: dangling symbolic link",
                               "c/out.txt: skipped: symbolic link leads outside c")


@needs_symlinks
def test_symlinked_file_given_directly_is_read(cwd):
    write(cwd / "real.txt", ARTICLE)
    os.symlink("real.txt", cwd / "link.txt")
    os.symlink("gone.txt", cwd / "dangling.txt")
    assert load_corpus(["link.txt"]).sources[0].path == "link.txt"
    with pytest.raises(InputError, match=r"^dangling.txt: no such file or directory$"):
        load_corpus(["dangling.txt"])


def test_warnings_do_not_depend_on_argument_order(cwd):
    write(cwd / "x/a.txt", ARTICLE)
    write(cwd / "x/e.txt", "")
    write(cwd / "y/b.txt", b"\x00\x01")
    write(cwd / "y/a.txt", ARTICLE)
    one, two = load_corpus(["x", "y"]), load_corpus(["y", "x"])
    assert one == two
    assert one.warnings == ("x/e.txt: skipped: empty", "y/a.txt: id 'a' already used by x/a.txt; renamed to 'a-2'",
                            "y/b.txt: skipped: binary file")
