"""Real-text evaluation of the checker on the ECB+ development corpus (single, mixed and edited folders).

    python scripts/eval_real.py                               # every topic, under a minute
    python scripts/eval_real.py --topics 1 3 --max-edits-per-kind 1 --out /tmp/eval
    python scripts/eval_real.py --seed 7 --corpus /data/ecbplus-dev

Data: ECB+ corpus release 1.0 (Agata Cybulska and Piek Vossen. 2014. Using a sledgehammer to crack a
nut? Lexical diversity and event coreference resolution. In Proceedings of LREC 2014), development
part in ../shared/corpora/ecbplus-dev, licensed under Creative Commons Attribution 3.0 Unported
(http://creativecommons.org/licenses/by/3.0/). The articles this script writes are derived from it:
the tokens are detokenised into plain text and some articles carry one planted edit; every article
file and every output file says so.

What it does:
1. Reads each ECB+ XML file: the tokens become plain text (one paragraph per sentence; in `ecbplus`
   files sentence 0, the page URL, becomes the `url` metadata), with the character span of every
   token; the mentions, the cross-document chains (instance id -> mentions in each file) and the
   intra-document chains.
2. Writes four sorts of folders of Markdown articles (front matter: `outlet: ecb-<file stem>`, the
   url; no publication date, since ECB+ has none; the checker's cleaner finds headline lines itself):
   single-event folders (a topic's `ecb` files, or its `ecbplus` files), mixed folders (both events of
   a topic), edited folders (a single-event folder with ONE planted edit in ONE article) and one
   folder of every single-event folder's articles ("all-stories").
   Edits come from the gold annotation and plain string operations only, never from the checker's
   extractors, and are planted only where a gold cross-document chain shows that another article of
   the folder states the same value:
   - place: the proper name of a LOC_GEO chain -> a city/country/region of a continent no place
     named in the folder belongs to ("Mannheim, Germany" -> "Osaka, Japan");
   - date: the weekdays and month-day dates of a TIME_DATE chain, all shifted by the same 2-3 days
     ("Friday" -> "Monday", "March 3" -> "March 6"), keeping their format;
   - count: the number before a noun in a participant or duration mention, times three, keeping
     words or digits ("two men" -> "six men", "40 people" -> "120 people").
   Every occurrence of the edited value in the edited article is replaced, and an edit is planted
   only if every occurrence lies inside a mention of the chain: the edited article stays consistent
   with itself and nothing outside the chain changes. (ECB+ keeps intra-document chains apart from
   cross-document ones, so an intra-document mention stating the value blocks the edit.) Up to
   --max-edits-per-kind edits per kind and folder, on different chains, chosen with a random.Random
   seeded by --seed and the folder name (the same edits whichever topics run).
3. Runs the checker in this one process on every folder and measures:
   - recall per kind. An edit is FOUND when one finding of the edited folder (a) has a side with a
     quote from the edited article whose sentence overlaps a replaced span (the quoted sentence is
     located in the article text around the quoted claim's offsets), (b) has another side with a
     quote from any other article, and (c) is new: the unedited folder has no finding of the same
     rule setting the same values against each other (an old finding that happens to quote the
     edited sentence for another value is not credited). Any rule counts, whatever its kind. Each
     edit also records what the checker extracted at the edited span and whether it kept the
     edited article in one cluster with the others, to tell why an edit was missed;
   - in mixed folders, the findings that join the two events (their sides quote both an `ecb` and an
     `ecbplus` article), and how the checker grouped the reports: of the pairs of articles of one
     event, how many share a cluster through their reported events, and of the pairs of articles of
     the two events, how many do (what no finding shows: reports left apart cannot be compared,
     reports of two events put together can be set against each other);
   - findings per 100 articles on the unedited single-event folders;
   - on one run of every unedited single-event folder's articles together (a pipeline checks many
     stories at once), its findings, how many no folder checked alone has (same rule, same values),
     and how many join two events (sides quoting articles of two topics, or of a topic's two events);
   - with --crowded (several minutes), recall again with each edited folder checked together with
     every other topic's single-event folders: an edit must be found whatever else the run holds.
   It prints a summary table and writes `findings.md` (every finding of the unedited single-event and
   mixed folders and of the one run of all of them, every edit found or missed) and `summary.json` to --out (default out/eval_real).
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import re
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ecbplus-dev"
DEFAULT_OUT = ROOT / "out" / "eval_real"
ATTRIBUTION = ("Derived from the ECB+ corpus, release 1.0 (Cybulska and Vossen, 2014, 'Using a sledgehammer to crack "
               "a nut? Lexical diversity and event coreference resolution', LREC 2014), licensed under CC BY 3.0 "
               "(http://creativecommons.org/licenses/by/3.0/): texts detokenised from the XML tokens; edited "
               "folders carry one planted edit.")
KINDS = ("place", "date", "count")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's checker, not an installed one


def project_api() -> tuple[Callable[..., Any], Callable[[Any], dict]]:
    """The only two project interfaces this script uses, imported in one place so they are easy to repoint."""
    from checker.api import check_corpus
    from checker.render.jsonreport import report_to_dict

    return check_corpus, report_to_dict


# --- data model -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """One XML token, with its span in the article's plain text (None for the URL sentence of ecbplus files)."""

    tid: str
    sentence: int
    text: str  # as written in the plain text (PTB quotes `` and '' become curly quotes)
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Mention:
    """An annotated mention; its span runs from its first to its last token (a few mentions skip tokens)."""

    mid: str
    tag: str
    token_ids: tuple[str, ...]
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chain:
    """A coreference chain: cross-document (id = the instance id shared across files) or intra-document."""

    id: str
    cross_doc: bool
    descriptor: str
    mention_ids: tuple[str, ...]  # in this article


@dataclass
class Article:
    """One ECB+ file as plain text with its annotation."""

    doc: str  # file stem, e.g. "1_10ecb"; also the checker's source id
    topic: int
    event: str  # "ecb" or "ecbplus": which of the topic's two events it reports
    text: str
    url: str | None
    tokens: list[Token]
    mentions: dict[str, Mention]
    chains: dict[str, Chain]
    # the sentences ECB+ annotated (ECBplus_coreference_sentences.csv): only there is a mention's absence
    # from a chain a sign that a span is no mention of its fact
    annotated: frozenset[int] = frozenset()

    def sentence_at(self, pos: int) -> int | None:
        """The XML sentence number of the token at a text position, if any."""
        return next((t.sentence for t in self.tokens if t.start is not None and t.start <= pos < t.end), None)

    def chain_mentions(self, chain_id: str) -> list[Mention]:
        """The mentions of a chain in this article (none if the article does not mention it)."""
        chain = self.chains.get(chain_id)
        return [self.mentions[m] for m in chain.mention_ids] if chain else []


@dataclass(frozen=True)
class Replacement:
    """One replaced span: `start`/`end` in the edited text, `orig_start` in the original text."""

    old: str
    new: str
    start: int
    end: int
    orig_start: int


@dataclass
class Edit:
    """A planted single-fact edit in one article of a single-event folder."""

    folder: str  # the edited folder
    base_folder: str  # the unedited folder it copies
    article: str
    kind: str
    chain: str
    descriptor: str
    old: str
    new: str
    replacements: list[Replacement]
    evidence: list[str]  # other articles of the folder stating the same value
    found_by: list[str] = field(default_factory=list)  # ids of the findings that found it
    diagnosis: str = ""  # what the checker made of the edited span, to tell why an edit was missed
    # with --crowded: ids of the findings that found it when every other topic's articles were in the run
    found_crowded: list[str] | None = None


@dataclass
class Folder:
    """A folder handed to the checker."""

    name: str
    sort: str  # "single", "mixed", "edited" or "all" (every single folder's articles in one run)
    articles: list[Article]
    edit: Edit | None = None
    texts: dict[str, str] = field(default_factory=dict)  # source id -> article text (the edited one edited)
    findings: list[dict] = field(default_factory=list)
    new_findings: list[dict] = field(default_factory=list)  # edited folders: findings the unedited folder lacks
    clustering: Counter = field(default_factory=Counter)  # mixed folders: see `clustering`

    def __post_init__(self) -> None:
        for article in self.articles:
            self.texts.setdefault(article.doc, article.text)


# --- reading the XML --------------------------------------------------------------------------------------------

PTB_QUOTES = {"``": "\u201c", "''": "\u201d"}
CLOSERS = {",", ".", ":", ";", "!", "?", "%", ")", "]", "}", "\u201d", "...", "\u2026"}
OPENERS = {"(", "[", "{", "\u201c", "\u2018", "$", "#"}
CLITICS = {"'s", "'re", "'ve", "'m", "'ll", "'d", "n't", "\u2019s", "\u2019re", "\u2019ve", "\u2019m", "\u2019ll",
           "\u2019d", "n\u2019t"}
APOSTROPHE_TAILS = {"s", "t", "re", "ve", "ll", "d", "m"}
DOMAINS = {"com", "net", "org", "co", "uk", "nz", "gov", "edu", "au"}


def _glue(prev: str, tok: str, nxt: str, quotes: dict[str, bool], splits_punct: bool) -> tuple[bool, bool]:
    """(no space before `tok`, no space after it), for one token between its neighbours.

    ECB tokens keep hyphenated words, decimals and times whole, so a lone "-" there is a spaced dash.
    The ecbplus tokenizer splits every punctuation mark ("27 - year - old", "2 , 117", "1 : 30",
    "L . A", "Lohan ’ s"), so `splits_punct` glues those back. Straight and single quotes have no
    direction: `quotes` tracks which are open within the sentence.
    """
    if tok in ("'", "\u2019"):
        if nxt.lower() in APOSTROPHE_TAILS and prev[-1:].isalpha():
            return True, True  # Lohan ’ s, didn ’ t
        if quotes["single"] or prev in (".", "!", "?"):
            quotes["single"] = False
            return True, False
        if prev[-1:] in ("s", "S"):
            return True, False  # plural possessive: Charles' 226 yards
        quotes["single"] = True
        return False, True
    if tok == '"':
        quotes["double"] = not quotes["double"]
        return (False, True) if quotes["double"] else (True, False)
    if tok.startswith('"') and len(tok) > 1:
        quotes["double"] = not tok.endswith('"')
    elif tok.endswith('"') and len(tok) > 1:
        quotes["double"] = False
    digits_around = prev[-1:].isdigit() and nxt[:1].isdigit()
    if tok == "/" and splits_punct or tok in ("/", ":") and digits_around:
        return True, True  # 15 / 09 / 2013, 8 : 00
    if splits_punct:
        if tok == "-":  # 27 - year - old -> 27-year-old; "- -" -> "--"
            joins = prev[-1:].isalnum() and nxt[:1].isalnum()
            return joins or prev == "-", joins
        if tok == "," and prev[-1:].isdigit() and re.match(r"\d{3}(?!\d)", nxt):
            return True, True  # 2 , 117 -> 2,117
        if tok == "." and digits_around:
            return True, True  # 6 . 1
        if tok == "." and len(prev) == 1 and prev.isalpha():
            return True, len(nxt) == 1 and nxt.isalpha()  # L . A . , p . m .
        if tok == "." and nxt.lower() in DOMAINS:
            return True, True  # TMZ . com
    return tok in CLOSERS or tok.lower() in CLITICS, tok in OPENERS


def detokenise(words: list[str], splits_punct: bool) -> tuple[str, list[tuple[int, int]]]:
    """One sentence's tokens as text, and each token's (start, end) in it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    quotes = {"single": False, "double": False}
    glue_next = True  # nothing before the first token
    for i, tok in enumerate(words):
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        glue_before, glue_after = _glue(prev, tok, nxt, quotes, splits_punct)
        if not (glue_before or glue_next):
            out.append(" ")
            pos += 1
        out.append(tok)
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
        glue_next = glue_after
    return "".join(out), spans


def _sentences(root: ET.Element) -> dict[int, list[ET.Element]]:
    """The token elements of each sentence, in document order."""
    sentences: dict[int, list[ET.Element]] = defaultdict(list)
    for tok in root.iter("token"):
        sentences[int(tok.get("sentence", "0"))].append(tok)
    return dict(sorted(sentences.items()))


def _tokens_and_text(root: ET.Element, is_plus: bool) -> tuple[list[Token], str, str | None]:
    """Plain text (one paragraph per sentence) with each token's span; ecbplus sentence 0 is the page URL."""
    tokens: list[Token] = []
    paragraphs: list[str] = []
    url = None
    pos = 0
    for number, elements in _sentences(root).items():
        words = [PTB_QUOTES.get(e.text or "", e.text or "") for e in elements]
        if is_plus and number == 0:
            url = "".join(words)
            tokens += [Token(e.get("t_id", ""), number, w, None, None) for e, w in zip(elements, words)]
            continue
        if paragraphs:
            pos += 2  # the blank line between paragraphs
        sentence, spans = detokenise(words, splits_punct=is_plus)
        tokens += [Token(e.get("t_id", ""), number, w, pos + s, pos + t) for e, w, (s, t) in zip(elements, words, spans)]
        paragraphs.append(sentence)
        pos += len(sentence)
    return tokens, "\n\n".join(paragraphs), url


def _children(root: ET.Element, tag: str) -> list[ET.Element]:
    """The children of the section `tag` (none if the file lacks it)."""
    section = root.find(tag)
    return list(section) if section is not None else []


def _mentions(root: ET.Element, tokens: dict[str, Token], text: str) -> tuple[dict[str, Mention], dict[str, str]]:
    """Anchored mentions by id, and the descriptor text of each instance markable (no anchors) by id."""
    mentions: dict[str, Mention] = {}
    descriptors: dict[str, str] = {}
    for element in _children(root, "Markables"):
        mid = element.get("m_id", "")
        anchors = tuple(a.get("t_id", "") for a in element.findall("token_anchor"))
        if not anchors:
            descriptors[mid] = element.get("TAG_DESCRIPTOR", "")
            continue
        placed = [tokens[t] for t in anchors if tokens[t].start is not None]
        if not placed:
            continue  # only in the URL sentence (none in this release)
        start = min(t.start for t in placed)
        end = max(t.end for t in placed)
        mentions[mid] = Mention(mid, element.tag, anchors, start, end, text[start:end])
    return mentions, descriptors


def _chains(root: ET.Element, doc: str, mentions: dict[str, Mention], descriptors: dict[str, str]) -> dict[str, Chain]:
    """Cross-document chains keyed by instance id, intra-document ones by "<doc>#<target id>"."""
    chains: dict[str, Chain] = {}
    for rel in _children(root, "Relations"):
        target = rel.find("target")
        target_id = target.get("m_id", "") if target is not None else ""
        cross = rel.tag == "CROSS_DOC_COREF"
        chain_id = rel.get("note", "") if cross else f"{doc}#{target_id}"
        members = tuple(s.get("m_id", "") for s in rel.findall("source") if s.get("m_id") in mentions)
        if members:
            chains[chain_id] = Chain(chain_id, cross, descriptors.get(target_id, ""), members)
    return chains


def read_article(path: Path) -> Article:
    """One ECB+ XML file as an Article."""
    root = ET.parse(path).getroot()
    doc = path.stem
    is_plus = doc.endswith("ecbplus")
    tokens, text, url = _tokens_and_text(root, is_plus)
    mentions, descriptors = _mentions(root, {t.tid: t for t in tokens}, text)
    return Article(doc=doc, topic=int(doc.split("_")[0]), event="ecbplus" if is_plus else "ecb", text=text, url=url,
                   tokens=tokens, mentions=mentions, chains=_chains(root, doc, mentions, descriptors))


def _file_order(path: Path) -> tuple[int, int]:
    """Files in numeric order (1_2ecb before 1_10ecb)."""
    topic, rest = path.stem.split("_")
    return int(topic), int(re.match(r"\d+", rest).group())


def annotated_sentences(corpus: Path) -> dict[str, frozenset[int]]:
    """The sentences ECB+ annotated, by article (ECBplus_coreference_sentences.csv: topic, file, sentence
    number); empty when the file is missing."""
    path = corpus / "ECBplus_coreference_sentences.csv"
    out: dict[str, set[int]] = defaultdict(set)
    if path.is_file():
        for row in path.read_text(encoding="utf-8").splitlines()[1:]:
            parts = row.strip().split(",")
            if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
                out[f"{parts[0]}_{parts[1]}"].add(int(parts[2]))
    return {doc: frozenset(n) for doc, n in out.items()}


def read_topic(corpus: Path, topic: int) -> dict[str, list[Article]]:
    """The topic's articles by event ("ecb", "ecbplus")."""
    files = sorted((corpus / "ECB+" / str(topic)).glob("*.xml"), key=_file_order)
    annotated = annotated_sentences(corpus)
    articles = [replace(a, annotated=annotated.get(a.doc, frozenset())) for a in map(read_article, files)]
    return {event: [a for a in articles if a.event == event] for event in ("ecb", "ecbplus")}


def topics_in(corpus: Path) -> list[int]:
    """The topic numbers present in the corpus."""
    return sorted(int(p.name) for p in (corpus / "ECB+").iterdir() if p.is_dir() and p.name.isdigit())


# --- values the edits change ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """An occurrence of a value in a text: `key` is what must be replaced alike, `value` what is compared
    across articles (for counts the key also holds the noun, "two men" vs "two days")."""

    start: int
    end: int
    key: Hashable
    value: Hashable


COUNTRIES = {  # and a few other names of whole countries ("U.S.", "Britain"), by continent
    "Africa": "Algeria|Angola|Benin|Botswana|Burkina Faso|Burundi|Cameroon|Cape Verde|Central African Republic|Chad|"
              "Comoros|Congo|Djibouti|Egypt|Equatorial Guinea|Eritrea|Eswatini|Ethiopia|Gabon|Gambia|Ghana|Guinea|"
              "Ivory Coast|Kenya|Lesotho|Liberia|Libya|Madagascar|Malawi|Mali|Mauritania|Mauritius|Morocco|Mozambique|"
              "Namibia|Niger|Nigeria|Rwanda|Senegal|Seychelles|Sierra Leone|Somalia|South Africa|South Sudan|Sudan|"
              "Tanzania|Togo|Tunisia|Uganda|Zambia|Zimbabwe",
    "Asia": "Afghanistan|Armenia|Azerbaijan|Bahrain|Bangladesh|Bhutan|Brunei|Cambodia|China|India|Indonesia|Iran|Iraq|"
            "Israel|Japan|Jordan|Kazakhstan|Kuwait|Kyrgyzstan|Laos|Lebanon|Malaysia|Maldives|Mongolia|Myanmar|Burma|"
            "Nepal|North Korea|Oman|Pakistan|Palestine|Philippines|Qatar|Saudi Arabia|Singapore|South Korea|Sri Lanka|"
            "Syria|Taiwan|Tajikistan|Thailand|East Timor|Turkey|Turkmenistan|United Arab Emirates|Uzbekistan|Vietnam|"
            "Yemen",
    "Europe": "Albania|Andorra|Austria|Belarus|Belgium|Bosnia|Bulgaria|Croatia|Cyprus|Czech Republic|Denmark|Estonia|"
              "Finland|France|Germany|Greece|Hungary|Iceland|Ireland|Italy|Kosovo|Latvia|Liechtenstein|Lithuania|"
              "Luxembourg|Malta|Moldova|Monaco|Montenegro|Netherlands|Holland|Macedonia|Norway|Poland|Portugal|Romania|"
              "Russia|San Marino|Serbia|Slovakia|Slovenia|Spain|Sweden|Switzerland|Ukraine|United Kingdom|UK|Britain|"
              "England|Scotland|Wales",
    "North America": "United States|U.S.|USA|America|Canada|Mexico|Cuba|Haiti|Dominican Republic|Jamaica|Bahamas|"
                     "Belize|Costa Rica|El Salvador|Guatemala|Honduras|Nicaragua|Panama",
    "South America": "Argentina|Bolivia|Brazil|Chile|Colombia|Ecuador|Guyana|Paraguay|Peru|Suriname|Uruguay|Venezuela",
    "Oceania": "Australia|New Zealand|Fiji|Papua New Guinea|Samoa|Tonga|Vanuatu|Solomon Islands",
}
REGIONS = {  # states, provinces and other parts of a country, with the usual abbreviations of US states
    "Africa": "Darfur|KwaZulu-Natal",
    "Asia": "Gaza|Gaza Strip|West Bank|Papua|West Papua|Aceh|Sumatra|Java|Kashmir|Tibet|Kerala",
    "Europe": "Bavaria|Catalonia|Andalusia",
    "North America": "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
                     "Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
                     "Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|"
                     "New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|"
                     "South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
                     "Wisconsin|Wyoming|Calif|Ariz|Colo|Conn|Fla|Okla|Tex|Tenn|Ark|Minn|Mich|N.Y|N.J|N.C|Ontario|"
                     "Quebec|Manitoba|Alberta|British Columbia|Sonora",
    "South America": "Bahia|Patagonia",
    "Oceania": "Queensland|New South Wales|Tasmania|Western Australia|South Australia",
}


def _by_name(table: dict[str, str]) -> dict[str, str]:
    """name -> continent, from a table of "|"-separated names per continent."""
    return {name: continent for continent, names in table.items() for name in names.split("|")}


CONTINENT_OF = _by_name(COUNTRIES) | _by_name(REGIONS)
REGION_NAMES = set(_by_name(REGIONS))
# Replacements per granularity and continent; a city goes with its country ("Osaka, Japan").
REPLACEMENTS: dict[str, dict[str, list[tuple[str, ...]]]] = {
    "city": {"Africa": [("Nairobi", "Kenya"), ("Accra", "Ghana")], "Asia": [("Osaka", "Japan"), ("Hanoi", "Vietnam")],
             "Europe": [("Oslo", "Norway"), ("Lisbon", "Portugal")],
             "North America": [("Winnipeg", "Canada"), ("Monterrey", "Mexico")],
             "South America": [("Lima", "Peru"), ("Montevideo", "Uruguay")],
             "Oceania": [("Adelaide", "Australia"), ("Suva", "Fiji")]},
    "country": {"Africa": [("Kenya",), ("Ghana",)], "Asia": [("Japan",), ("Vietnam",)],
                "Europe": [("Norway",), ("Portugal",)], "North America": [("Canada",), ("Mexico",)],
                "South America": [("Peru",), ("Uruguay",)], "Oceania": [("Australia",), ("Fiji",)]},
    "region": {"Africa": [("KwaZulu-Natal",)], "Asia": [("Kerala",)], "Europe": [("Bavaria",), ("Andalusia",)],
               "North America": [("Manitoba",), ("Sonora",)], "South America": [("Bahia",), ("Patagonia",)],
               "Oceania": [("Queensland",), ("Tasmania",)]},
}
# Names of features rather than settlements: replacing "Mount Cook" by a city would change the granularity.
FEATURE_WORDS = {"Mount", "Mt", "Mountain", "County", "Valley", "River", "Lake", "Island", "Islands", "Park", "Glacier",
                 "Ridge", "Street", "St", "Avenue", "Ave", "Road", "Route", "Highway", "Camp", "Province", "Sea", "Ocean",
                 "Gulf", "Bay", "Coast", "Strait", "Peninsula", "Desert", "Canyon", "Neighborhood", "Airport"}
NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*"
PLACE_MENTION = re.compile(r"(?:(?i:in|at|near|to|from|of|across|on|into|outside|around|the)\s+)*"
                           rf"(?P<head>{NAME})(?:,\s+[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)*)?\.?")
TAIL = re.compile(r",\s+[A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)*(?:\s[A-Z][A-Za-z]+)*")


def place_class(name: str) -> str:
    """country, region (state, province) or city: a name the tables do not know is taken for a settlement."""
    if name in REGION_NAMES:
        return "region"
    return "country" if name in CONTINENT_OF else "city"


def place_heads(mentions: list[Mention]) -> set[str]:
    """Names of the LOC_GEO mentions that are just a place name ("in Mannheim, Germany" -> Mannheim)."""
    heads = set()
    for m in mentions:
        match = PLACE_MENTION.fullmatch(m.text) if m.tag == "LOC_GEO" else None
        if match and not FEATURE_WORDS & set(match["head"].replace("-", " ").split()):
            heads.add(match["head"])
    return heads


def place_hits(text: str, head: str) -> list[Hit]:
    """Every occurrence of the name in any case, with its ", Region"/", Country" tail when one follows."""
    hits = []
    for m in re.finditer(rf"(?<![\w-]){re.escape(head)}(?![\w-])", text, re.IGNORECASE):
        tail = TAIL.match(text, m.end())
        hits.append(Hit(m.start(), tail.end() if tail else m.end(), head, head))
    return hits


WEEKDAYS = list(calendar.day_name)
MONTH_OF = {**{m: i for i, m in enumerate(calendar.month_name) if m},
            "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10,
            "Nov": 11, "Dec": 12}
_MONTH_RE = "|".join(sorted({w for m in MONTH_OF for w in (m, m.upper())}, key=len, reverse=True))
_WEEKDAY_RE = "|".join(w for d in WEEKDAYS for w in (d, d.upper()))
DATE_RE = re.compile(rf"\b(?:(?P<wd>{_WEEKDAY_RE})|(?P<mon>{_MONTH_RE})\.?\s(?P<day>\d{{1,2}})(?P<suf>st|nd|rd|th)?"
                     rf"|(?P<day2>\d{{1,2}})(?P<suf2>st|nd|rd|th)?\s(?P<mon2>{_MONTH_RE}))\b")


def date_hits(text: str) -> list[Hit]:
    """Weekday names and month-day dates ("Friday", "March 3", "Nov. 12", "6 January"), keyed
    ("wd", weekday index) or ("md", month, day)."""
    hits = []
    for m in DATE_RE.finditer(text):
        if m["wd"]:
            key: tuple = ("wd", WEEKDAYS.index(m["wd"].title()))
        else:
            key = ("md", MONTH_OF[(m["mon"] or m["mon2"]).title()], int(m["day"] or m["day2"]))
        if key[0] == "wd" or 1 <= key[2] <= 31:
            hits.append(Hit(m.start(), m.end(), key, key))
    return hits


UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_NUM = rf"(?:{'|'.join(TENS)})(?:-(?:{'|'.join(UNITS[1:10])}))?|{'|'.join(sorted(UNITS, key=len, reverse=True))}"
COUNT_RE = re.compile(rf"(?<![\w$#.,:/-])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|(?i:{_WORD_NUM}))"
                      rf"(?![\w.,:/%-]) (?P<noun>[a-z][a-z-]*)\b")
NOT_NOUNS = {"of", "to", "and", "or", "a", "an", "the", "in", "on", "at", "by", "for", "from", "with", "than", "more",
             "less", "percent", "per", "am", "pm", "were", "was", "is", "are", "who", "which", "that", "have", "had",
             "has", "will", "would", "times", "out", "over", "under"}


def number_value(word: str) -> int:
    """The integer a digit string ("2,117") or number word ("twenty-one") stands for."""
    if word[0].isdigit():
        return int(word.replace(",", ""))
    tens, _, unit = word.lower().partition("-")
    if tens in TENS:
        return 20 + 10 * TENS.index(tens) + (UNITS.index(unit) if unit else 0)
    return UNITS.index(tens)


def count_hits(text: str) -> list[Hit]:
    """Numbers directly before a noun-like word, keyed (number, noun). Skipped: 0 and 1 (tripled, the noun
    would have to change number), years, ranks ("No. 5 seed") and numbers inside others ("6.1", "1:30")."""
    hits = []
    for m in COUNT_RE.finditer(text):
        value = number_value(m["num"])
        year = len(m["num"]) == 4 and m["num"].isdigit() and 1800 <= value <= 2100
        rank = re.search(r"(?:\bNo\.?|#)\s*$", text[max(0, m.start() - 4):m.start()])
        if value > 1 and not year and not rank and m["noun"] not in NOT_NOUNS:
            hits.append(Hit(m.start(), m.end("num"), (value, m["noun"]), value))
    return hits


MENTION_TAGS = {"place": ("LOC_GEO",), "date": ("TIME_DATE",),
                "count": ("HUMAN_PART", "NON_HUMAN_PART", "TIME_DURATION")}


def scan(kind: str, text: str, heads: set[str]) -> list[Hit]:
    """The kind's values in a text (places: occurrences of the given names)."""
    if kind == "place":
        return [h for head in sorted(heads) for h in place_hits(text, head)]
    return date_hits(text) if kind == "date" else count_hits(text)


def stated(kind: str, mentions: list[Mention], heads: set[str]) -> list[Hit]:
    """The kind's values stated inside mentions of the kind's tags (offsets relative to each mention)."""
    return [h for m in mentions if m.tag.startswith(MENTION_TAGS[kind]) for h in scan(kind, m.text, heads)]


# --- planting edits ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A chain of one article whose value can be edited, with every occurrence to replace."""

    article: Article
    chain: str
    values: frozenset
    hits: tuple[Hit, ...]
    evidence: tuple[str, ...]


def candidate(kind: str, article: Article, chain_id: str, others: list[Article]) -> Candidate | None:
    """The chain of the article as an edit candidate, or None if the gold does not allow one.

    Allowed when: the article's mentions of the chain state one value (dates: any number of weekdays
    and month-days, all shifted alike); every occurrence of that value (key) in the article's whole
    text lies inside a mention of the chain, so the edit leaves the article consistent with itself and
    touches nothing else; and another article's mentions of the same chain state the same value.
    """
    mentions = article.chain_mentions(chain_id)
    heads = place_heads(mentions) if kind == "place" else set()
    inner = stated(kind, mentions, heads)
    keys = {h.key for h in inner}
    values = frozenset(h.value for h in inner)
    if not values or (kind != "date" and len(values) != 1):
        return None
    hits = tuple(h for h in scan(kind, article.text, heads) if h.key in keys)
    if not all(any(m.start <= h.start and h.end <= m.end for m in mentions) for h in hits):
        return None
    evidence = tuple(o.doc for o in others
                     if values & {h.value for h in stated(kind, o.chain_mentions(chain_id), set(values) & heads)})
    return Candidate(article, chain_id, values, hits, evidence) if evidence else None


def candidates(kind: str, articles: list[Article]) -> list[Candidate]:
    """Every edit of the kind the gold allows in a single-event folder, in a stable order."""
    found = []
    for article in articles:
        others = [o for o in articles if o is not article]
        for chain_id in sorted(c.id for c in article.chains.values() if c.cross_doc):
            cand = candidate(kind, article, chain_id, others)
            if cand:
                found.append(cand)
    return found


def _names_in(name: str, text: str) -> bool:
    """Whether a place name occurs in the text as a word, in any case."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE) is not None


def place_rewriter(cand: Candidate, folder_texts: list[str], rng: random.Random) -> Callable[[str], str] | None:
    """Old occurrence -> new text for a place edit: a place of the same granularity on a continent that
    no country or region named in the folder belongs to, and that the folder never names."""
    head = next(iter(cand.values))
    joined = "\n".join(folder_texts)
    excluded = {continent for name, continent in CONTINENT_OF.items() if _names_in(name, joined)}
    options = [place for continent, places in sorted(REPLACEMENTS[place_class(head)].items())
               if continent not in excluded for place in places if not any(_names_in(p, joined) for p in place)]
    if not options:
        return None
    choice = rng.choice(options)

    def rewrite(old: str) -> str:
        new = choice[0] if len(choice) == 1 or len(old) == len(head) else ", ".join(choice)
        return new.upper() if old.isupper() else new
    return rewrite


def _shifted_date(old: str, key: tuple, days: int) -> str | None:
    """The date text moved by `days`, in its own format; None when a month-day would leave its month."""
    if key[0] == "wd":
        new = WEEKDAYS[(key[1] + days) % 7]
        return new.upper() if old.isupper() else new
    day = key[2] + days
    if not 1 <= day <= calendar.monthrange(2000, key[1])[1]:  # a leap year: February 29 exists
        return None
    m = DATE_RE.fullmatch(old)
    day_group, suffix_group = ("day", "suf") if m["day"] else ("day2", "suf2")
    new_day = f"{day:0{len(m[day_group])}d}"
    if m[suffix_group]:
        new_day += "th" if 10 <= day <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    end = m.end(suffix_group) if m[suffix_group] else m.end(day_group)
    return old[:m.start(day_group)] + new_day + old[end:]


def date_rewriter(cand: Candidate, folder_texts: list[str], rng: random.Random) -> Callable[[str], str] | None:
    """Old occurrence -> new text for a date edit: every weekday and month-day moved by the same 2-3
    days (the other way if a month-day would leave its month)."""
    first = rng.choice([-3, -2, 2, 3])
    for days in (first, -first):
        new = {cand.article.text[h.start:h.end]: _shifted_date(cand.article.text[h.start:h.end], h.key, days)
               for h in cand.hits}
        if all(new.values()):
            return new.__getitem__
    return None


def _number_words(n: int) -> str:
    """2-99 in words ("twenty-one")."""
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    return TENS[tens - 2] + (f"-{UNITS[unit]}" if unit else "")


def count_rewriter(cand: Candidate, folder_texts: list[str], rng: random.Random) -> Callable[[str], str] | None:
    """Old number -> three times it, in words or digits like the original (thousands commas if it had them)."""
    new = 3 * next(iter(cand.values))
    if new >= 100 and any(not cand.article.text[h.start].isdigit() for h in cand.hits):
        return None  # no words for it

    def rewrite(old: str) -> str:
        if old[0].isdigit():
            return f"{new:,}" if "," in old else str(new)
        words = _number_words(new)
        return words.upper() if old.isupper() else words.capitalize() if old[0].isupper() else words
    return rewrite


# kind -> (candidate, the folder's texts, rng) -> old text -> new text, or None when the kind cannot edit it
REWRITERS = {"place": place_rewriter, "date": date_rewriter, "count": count_rewriter}


def apply_edit(base_folder: str, number: int, kind: str, cand: Candidate,
               rewrite: Callable[[str], str]) -> tuple[Edit, str]:
    """The record of the edit (spans in the edited text) and the edited text."""
    text = cand.article.text
    parts: list[str] = []
    replacements: list[Replacement] = []
    pos = shift = 0
    for hit in sorted(cand.hits, key=lambda h: h.start):
        old = text[hit.start:hit.end]
        new = rewrite(old)
        parts += [text[pos:hit.start], new]
        replacements.append(Replacement(old, new, hit.start + shift, hit.start + shift + len(new), hit.start))
        shift += len(new) - len(old)
        pos = hit.end
    parts.append(text[pos:])
    first = replacements[0]
    edit = Edit(folder=f"{base_folder}-{kind}{number}", base_folder=base_folder, article=cand.article.doc, kind=kind,
                chain=cand.chain, descriptor=cand.article.chains[cand.chain].descriptor, old=first.old, new=first.new,
                replacements=replacements, evidence=list(cand.evidence))
    return edit, "".join(parts)


def plan_edits(name: str, articles: list[Article], seed: int, max_per_kind: int) -> list[tuple[Edit, str]]:
    """Up to `max_per_kind` edits per kind, on different chains, each with its edited article's text.

    The random choices are seeded by the seed and the folder name, so a folder gets the same edits
    whichever other topics run.
    """
    rng = random.Random(f"{seed}:{name}")
    texts = [a.text for a in articles]
    planned = []
    for kind in KINDS:
        pool = candidates(kind, articles)
        rng.shuffle(pool)
        chains: list[str] = []
        for cand in pool:
            if len(chains) >= max_per_kind:
                break
            rewrite = None if cand.chain in chains else REWRITERS[kind](cand, texts, rng)
            if rewrite:
                chains.append(cand.chain)
                planned.append(apply_edit(name, len(chains), kind, cand, rewrite))
    return planned


# --- folders ----------------------------------------------------------------------------------------------------


def _front_matter(article: Article, edited: bool) -> str:
    """Metadata the checker reads (outlet, url) and where the text comes from (a key the checker ignores)."""
    origin = f"ECB+ 1.0 {article.doc}.xml (Cybulska and Vossen 2014), CC BY 3.0, detokenised"
    lines = ["---", f"outlet: ecb-{article.doc}"]
    if article.url:
        lines.append(f'url: "{article.url}"')
    lines.append(f'derived_from: "{origin}{"; one planted edit for evaluation" if edited else ""}"')
    return "\n".join(lines + ["---", ""])


def write_folder(folder: Folder, base: Path) -> Path:
    """Write the folder's articles as Markdown files (the text after the front matter is what the checker
    reads, so its offsets are offsets into `folder.texts`)."""
    path = base / folder.name
    path.mkdir(parents=True)
    for article in folder.articles:
        edited = folder.edit is not None and folder.edit.article == article.doc
        front = _front_matter(article, edited)
        (path / f"{article.doc}.md").write_text(front + folder.texts[article.doc] + "\n", encoding="utf-8")
    return path


def build_folders(corpus: Path, topics: list[int], seed: int, max_per_kind: int) -> list[Folder]:
    """Single-event, mixed and edited folders of the topics."""
    folders: list[Folder] = []
    for topic in topics:
        events = read_topic(corpus, topic)
        for event, articles in events.items():
            name = f"t{topic:02d}-{event}"
            folders.append(Folder(name, "single", articles))
            for edit, text in plan_edits(name, articles, seed, max_per_kind):
                folders.append(Folder(edit.folder, "edited", articles, edit, {edit.article: text}))
        folders.append(Folder(f"t{topic:02d}-mixed", "mixed", events["ecb"] + events["ecbplus"]))
    # a pipeline checks many stories in one run: each story must read as it does when checked alone
    folders.append(Folder("all-stories", "all", [a for f in folders if f.sort == "single" for a in f.articles]))
    return folders


# --- judging the findings ---------------------------------------------------------------------------------------


def signature(finding: dict) -> tuple[str, frozenset]:
    """What a finding says, independent of ids and sources: its rule and the values it sets against each other."""
    return finding["rule"], frozenset(side["value"] for side in finding["sides"])


def finds_edit(finding: dict, edit: Edit, text: str, baseline: set[tuple[str, frozenset]]) -> bool:
    """True when the finding is new (the unedited folder has no finding of the same rule and values: a
    finding that was already there is not credited because the edited sentence happens to be quoted),
    one side quotes the edited article at a claim overlapping a replaced span (not merely another value
    of its sentence: a count found in the sentence whose place was edited does not find the place),
    and another side quotes a different article."""
    if signature(finding) in baseline:
        return False
    for i, side in enumerate(finding["sides"]):
        at_edit = any(q["source"] == edit.article and any(q["start"] < r.end and r.start < q["end"] for r in edit.replacements)
                      for q in side["quotes"])
        if at_edit and any(q["source"] != edit.article for j, other in enumerate(finding["sides"]) if j != i
                           for q in other["quotes"]):
            return True
    return False


def claims_off_the_fact(finding: dict, edit: Edit, articles: dict[str, Article]) -> tuple[int, list[dict]]:
    """How many claims a finding that found an edit quotes where the gold can judge them, and those that
    are no mention of the edited fact: in the edited article, no replaced span; in another, in a sentence
    ECB+ annotated, no mention of the edit's gold chain (elsewhere the gold is silent). One quote per
    claim (a relative day's claim is quoted again at the page date it was counted from). A finding can
    find the planted value and still lean on a claim of something else ("recovered the body today"
    beside the edited day of a death): the gold says which quoted claims are the fact."""
    judged, off, seen = 0, [], set()
    for side in finding["sides"]:
        by_claim: dict[str, list[dict]] = defaultdict(list)
        for q in side["quotes"]:
            by_claim[q["claim"] or f"{q['source']}:{q['start']}"].append(q)
        for claim, quotes in by_claim.items():
            if claim in seen:
                continue
            seen.add(claim)
            source = quotes[0]["source"]
            if source == edit.article:
                spans = [(r.start, r.end) for r in edit.replacements]
            elif source in articles and articles[source].sentence_at(quotes[0]["start"]) in articles[source].annotated:
                spans = [(m.start, m.end) for m in articles[source].chain_mentions(edit.chain)]
            else:
                continue  # a sentence ECB+ did not annotate: the gold cannot say
            judged += 1
            if not any(q["start"] < end and start < q["end"] for q in quotes for start, end in spans):
                off.append(quotes[0])
    return judged, off


def joins_events(finding: dict, events: dict[str, str]) -> bool:
    """True when the finding's sides quote articles of two events: of an ecb and an ecbplus article
    of a mixed folder, or (with `events` giving "<topic>-<event>") of two topics' events."""
    quoted = {q["source"] for side in finding["sides"] for q in side["quotes"]}
    quoted |= {s for side in finding["sides"] for s in side["sources"]}
    return len({events.get(s) for s in quoted} - {None}) >= 2


def diagnose(edit: Edit, report: dict) -> str:
    """What the checker made of the edited article: its claims on the replaced spans, and how many other
    articles share a cluster (same happening) with it. An edit the checker reads but sets apart as
    another event cannot be found by a rule that compares one event's accounts."""
    claims = [f"{c['kind']} '{c['value']}'" for c in report["claims"] if c["source"] == edit.article
              and any(c["start"] < r.end and r.start < c["end"] for r in edit.replacements)]
    together = {s for c in report["clusters"] if edit.article in c["sources"] for s in c["sources"]} - {edit.article}
    return (f"claims at the edit: {', '.join(claims) or 'none'}; "
            f"clustered with {len(together)} of {len(report['sources']) - 1} other articles")


def clustering(report: dict, event_of: dict[str, str]) -> Counter:
    """Pairs of articles of one event ("same_pairs") and of two events ("cross_pairs"), and how many of
    each share a cluster through their reported events ("same_together", "cross_together").
    `event_of`: article (source id) -> "ecb" or "ecbplus"."""
    reported = {e["id"]: e["source"] for e in report["events"] if e["role"] == "reported"}
    clusters_of: dict[str, set[str]] = defaultdict(set)
    for cluster in report["clusters"]:
        for event_id in cluster["events"]:
            if event_id in reported:
                clusters_of[reported[event_id]].add(cluster["id"])
    out: Counter = Counter()
    docs = sorted(event_of)
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            sort = "same" if event_of[a] == event_of[b] else "cross"
            out[f"{sort}_pairs"] += 1
            out[f"{sort}_together"] += bool(clusters_of[a] & clusters_of[b])
    return out


def run_checker(folders: list[Folder], base: Path, progress: bool, crowded: bool = False) -> list[str]:
    """Write every folder and check it in this process (the gazetteer loads once); returns the warnings.
    `crowded`: check each edited folder again with every other topic's single-event folders in the run."""
    check_corpus, report_to_dict = project_api()
    warnings = []
    baselines: dict[str, set[tuple[str, frozenset]]] = {}
    for n, folder in enumerate(folders, 1):
        report, warns = check_corpus([write_folder(folder, base)])
        data = report_to_dict(report)
        folder.findings = data["findings"]
        if folder.sort == "mixed":
            folder.clustering = clustering(data, {a.doc: a.event for a in folder.articles})
        warnings += [f"{folder.name}: {w}" for w in warns]
        if folder.sort == "single":
            baselines[folder.name] = {signature(f) for f in folder.findings}
        if folder.edit:
            text = folder.texts[folder.edit.article]
            baseline = baselines[folder.edit.base_folder]
            folder.edit.found_by = [f["id"] for f in folder.findings if finds_edit(f, folder.edit, text, baseline)]
            folder.new_findings = [f for f in folder.findings if signature(f) not in baseline]
            folder.edit.diagnosis = diagnose(folder.edit, data)
        if progress:
            print(f"\r[{n}/{len(folders)}] {folder.name:<28}", end="", file=sys.stderr, flush=True)
    if crowded:
        edited = [f for f in folders if f.edit]
        for n, folder in enumerate(edited, 1):
            topic = folder.edit.base_folder.split("-")[0]
            others = [base / f.name for f in folders if f.sort == "single" and not f.name.startswith(topic + "-")]
            report, _ = check_corpus([base / folder.name, *others])
            text, baseline = folder.texts[folder.edit.article], baselines[folder.edit.base_folder]
            folder.edit.found_crowded = [f["id"] for f in report_to_dict(report)["findings"]
                                         if finds_edit(f, folder.edit, text, baseline)]
            if progress:
                print(f"\r[crowded {n}/{len(edited)}] {folder.name:<28}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return warnings


def metrics(folders: list[Folder]) -> dict[str, Any]:
    """Recall per kind, cross-event findings in mixed folders, the false-alarm rate of single folders, and
    what checking every unedited article in one run adds to checking each folder alone."""
    single = [f for f in folders if f.sort == "single"]
    mixed = [f for f in folders if f.sort == "mixed"]
    edits = [f.edit for f in folders if f.edit]
    recall = {}
    for kind in KINDS:
        planted = [e for e in edits if e.kind == kind]
        found = sum(1 for e in planted if e.found_by)
        recall[kind] = {"planted": len(planted), "found": found, "recall": found / len(planted) if planted else None}
    planted_all = len(edits)
    found_all = sum(1 for e in edits if e.found_by)
    crowded = [e for e in edits if e.found_crowded is not None]
    single_findings = [x for f in single for x in f.findings]
    single_articles = sum(len(f.articles) for f in single)
    cross = [x for f in mixed for x in f.findings if joins_events(x, {a.doc: a.event for a in f.articles})]
    grouped = sum((f.clustering for f in mixed), Counter())
    every = [f for f in folders if f.sort == "all"]
    alone = {signature(x) for f in single for x in f.findings}
    run_findings = [x for f in every for x in f.findings]
    story_of = {a.doc: f"{a.topic}-{a.event}" for f in every for a in f.articles}
    return {
        "folders": {"single": len(single), "mixed": len(mixed), "edited": len(edits)},
        "articles": {"single": single_articles, "mixed": sum(len(f.articles) for f in mixed)},
        "recall": recall,
        "recall_all": {"planted": planted_all, "found": found_all,
                       "recall": found_all / planted_all if planted_all else None},
        "single_event": {"findings": len(single_findings),
                         "findings_per_100_articles": 100 * len(single_findings) / single_articles if single_articles else 0.0,
                         "by_rule": dict(Counter(x["rule"] for x in single_findings).most_common()),
                         "by_severity": dict(Counter(x["severity"] for x in single_findings).most_common())},
        "mixed": {"findings": sum(len(f.findings) for f in mixed), "cross_event_findings": len(cross),
                  "cross_event_by_same_event": dict(Counter(x["same_event"] for x in cross).most_common()),
                  "cross_event_by_rule": dict(Counter(x["rule"] for x in cross).most_common()),
                  "clustering": {k: grouped[k] for k in ("same_pairs", "same_together", "cross_pairs", "cross_together")}},
        "recall_crowded": {kind: {"planted": sum(1 for e in crowded if e.kind == kind),
                                  "found": sum(1 for e in crowded if e.kind == kind and e.found_crowded)}
                           for kind in KINDS} if crowded else None,
        "all_stories": {"articles": sum(len(f.articles) for f in every), "findings": len(run_findings),
                        "not_found_alone": sum(1 for x in run_findings if signature(x) not in alone),
                        "joining_events": sum(1 for x in run_findings if joins_events(x, story_of))},
        "calibration": calibration(f for f in folders if f.edit),
        "found_claims": found_claims(f for f in folders if f.edit),
    }


def found_claims(edited: Iterable[Folder]) -> dict[str, int]:
    """How many claims the findings that found the planted edits quote, how many of them the gold can
    judge, and how many of those are no mention of the edited fact (see `claims_off_the_fact`)."""
    quoted = judged = off = 0
    for folder in edited:
        articles = {a.doc: a for a in folder.articles}
        for f in folder.findings:
            if f["id"] in folder.edit.found_by:
                quoted += len({q["claim"] or f"{q['source']}:{q['start']}" for side in f["sides"] for q in side["quotes"]})
                n, wrong = claims_off_the_fact(f, folder.edit, articles)
                judged, off = judged + n, off + len(wrong)
    return {"quoted": quoted, "judged": judged, "off_the_fact": off}


CALIBRATION_BINS = (0.0, 0.4, 0.5, 0.6, 0.8, 1.0)


def calibration(edited: Iterable[Folder]) -> list[dict[str, Any]]:
    """Findings an edit brought up (absent from the unedited folder), by confidence band, and how many of
    them found the planted edit: what share of findings stated at a confidence were right. Every such
    finding is caused by the one changed value, so the rest are the edit's side effects (the same value
    quoted elsewhere, or another pair the edit set apart or together)."""
    rows = [{"from": lo, "to": hi, "findings": 0, "found_edit": 0} for lo, hi in zip(CALIBRATION_BINS, CALIBRATION_BINS[1:])]
    for folder in edited:
        for finding in folder.new_findings:
            row = next(r for r in rows if finding["confidence"] < r["to"] or r is rows[-1])
            row["findings"] += 1
            row["found_edit"] += finding["id"] in folder.edit.found_by
    return rows


# --- output -----------------------------------------------------------------------------------------------------


def summary_table(m: dict[str, Any], seconds: float) -> str:
    """The headline numbers as a plain-text table."""
    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{100 * x:.0f}%"
    rows = [("folders single / mixed / edited", f"{m['folders']['single']} / {m['folders']['mixed']} / {m['folders']['edited']}"),
            ("articles single / mixed", f"{m['articles']['single']} / {m['articles']['mixed']}")]
    rows += [(f"recall {k}", f"{r['found']}/{r['planted']} = {pct(r['recall'])}") for k, r in m["recall"].items()]
    rows += [("recall all kinds", f"{m['recall_all']['found']}/{m['recall_all']['planted']} = {pct(m['recall_all']['recall'])}"),
             *([("recall with every other topic in the run", "  ".join(
                 f"{k} {r['found']}/{r['planted']}" for k, r in m["recall_crowded"].items()))] if m["recall_crowded"] else []),
             ("findings on single-event folders", str(m["single_event"]["findings"])),
             ("  per 100 unedited articles", f"{m['single_event']['findings_per_100_articles']:.1f}"),
             ("findings in mixed folders", str(m["mixed"]["findings"])),
             ("  joining the two events", str(m["mixed"]["cross_event_findings"])),
             ("  reports of one event in one cluster", "{same_together}/{same_pairs}".format(**m["mixed"]["clustering"])),
             ("  reports of two events in one cluster", "{cross_together}/{cross_pairs}".format(**m["mixed"]["clustering"])),
             ("findings on one run of every unedited article", str(m["all_stories"]["findings"])),
             ("  not found checking each folder alone", str(m["all_stories"]["not_found_alone"])),
             ("  joining two events or stories", str(m["all_stories"]["joining_events"])),
             ("claims the findings of edits quote outside the edit's gold chain",
              "{off_the_fact} of {judged} the gold annotates ({quoted} quoted)".format(**m["found_claims"])),
             ("findings an edit brought up, at the edit", "  ".join(
                 f"{r['from']:.1f}-{r['to']:.1f}: {r['found_edit']}/{r['findings']}" for r in m["calibration"] if r["findings"])),
             ("runtime", f"{seconds:.0f} s")]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)


def _finding_md(finding: dict, folder: str, events: dict[str, str] | None = None) -> list[str]:
    """One finding as Markdown: its verdict line, then each side's value and quoted sentences."""
    flag = " **JOINS THE TWO EVENTS**" if events and joins_events(finding, events) else ""
    lines = [(f"- `{finding['rule']}` {finding['severity']}, confidence {finding['confidence']:.2f}, "
              f"same_event={finding['same_event']}{flag}: {finding['summary']}")]
    for side in finding["sides"]:
        lines.append(f"  - value `{side['value']}` ({', '.join(side['sources'])})")
        for q in side["quotes"]:
            lines.append(f"    - {folder}/{q['source']}.md: {q['sentence'].strip()}")
    return lines


def _edit_md(edit: Edit, folder: Folder) -> list[str]:
    """One edit as Markdown: what changed where, and the finding that found it."""
    text = folder.texts[edit.article]
    spans = ", ".join(f"{r.start}-{r.end}" for r in edit.replacements)
    lines = [(f"- **{edit.folder}** {edit.kind} `{edit.chain}` ({edit.descriptor}) in {edit.article}.md: "
              f"\"{edit.old}\" -> \"{edit.new}\" at {spans}; same value in {', '.join(edit.evidence)}"),
             f"  - checker: {edit.diagnosis}"]
    for r in edit.replacements:
        start = text.rfind("\n", 0, r.start) + 1
        end = text.find("\n", r.end)
        lines.append(f"  - edited sentence: {text[start:end if end != -1 else None].strip()}")
    articles = {a.doc: a for a in folder.articles}
    for f in folder.findings:
        if f["id"] in edit.found_by:
            lines += ["  - found by:"] + ["  " + x for x in _finding_md(f, edit.folder)]
            lines += [f"  - quoted outside the edit's gold chain: {q['source']}: {q['sentence']}"
                      for q in claims_off_the_fact(f, edit, articles)[1]]
    return lines


def findings_markdown(folders: list[Folder], m: dict[str, Any], seconds: float, settings: dict[str, Any]) -> str:
    """The readable report: attribution, summary, every finding of unedited folders, every edit."""
    out = ["# Checker on ECB+ (development part)", "", ATTRIBUTION, "",
           f"Settings: {json.dumps(settings)}", "", "```", summary_table(m, seconds), "```", ""]
    for sort, title in (("single", "Findings on unedited single-event folders"), ("mixed", "Findings on mixed folders"),
                        ("all", "Findings on one run of every unedited article")):
        out += [f"## {title}", ""]
        for f in (f for f in folders if f.sort == sort):
            events = {a.doc: a.event for a in f.articles} if sort == "mixed" else \
                {a.doc: f"{a.topic}-{a.event}" for a in f.articles} if sort == "all" else None
            out += [f"### {f.name} ({len(f.articles)} articles, {len(f.findings)} findings)", ""]
            for finding in f.findings:
                out += _finding_md(finding, f.name, events)
            out.append("")
    edited = [f for f in folders if f.edit]
    for found, title in ((False, "Missed edits"), (True, "Found edits")):
        out += [f"## {title}", ""]
        for f in edited:
            if bool(f.edit.found_by) == found:
                out += _edit_md(f.edit, f)
        out.append("")
    out += ["## Other findings the edits brought up", "",
            "Findings of edited folders that the unedited folder lacks and that do not find the edit: the "
            "edit's side effects, which the calibration counts as wrong.", ""]
    for f in edited:
        for finding in f.new_findings:
            if finding["id"] not in f.edit.found_by:
                out += [f"### {f.name} (edit: {f.edit.old!r} -> {f.edit.new!r} in {f.edit.article})", ""]
                out += _finding_md(finding, f.name)
    return "\n".join(out)


def write_outputs(out: Path, folders: list[Folder], m: dict[str, Any], seconds: float, settings: dict[str, Any],
                  warnings: list[str]) -> None:
    """findings.md and summary.json."""
    (out / "findings.md").write_text(findings_markdown(folders, m, seconds, settings), encoding="utf-8")
    summary = {"attribution": ATTRIBUTION, "settings": settings, "runtime_seconds": round(seconds, 1), **m,
               "edits": [{**asdict(f.edit), "found": bool(f.edit.found_by)} for f in folders if f.edit],
               "warnings": warnings}
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def evaluate(corpus: Path, out: Path, topics: list[int] | None = None, seed: int = 0, max_edits_per_kind: int = 2,
             progress: bool = False, crowded: bool = False) -> tuple[dict[str, Any], list[Folder]]:
    """Build every folder, check it, write the outputs; returns the metrics and the checked folders."""
    started = time.perf_counter()
    topics = topics or topics_in(corpus)
    folders = build_folders(corpus, topics, seed, max_edits_per_kind)
    out.mkdir(parents=True, exist_ok=True)
    (out / "NOTICE.txt").write_text(ATTRIBUTION + "\n", encoding="utf-8")
    shutil.rmtree(out / "articles", ignore_errors=True)  # folders of an earlier run with other settings
    warnings = run_checker(folders, out / "articles", progress, crowded)
    m = metrics(folders)
    seconds = time.perf_counter() - started
    settings = {"corpus": str(corpus), "topics": topics, "seed": seed, "max_edits_per_kind": max_edits_per_kind,
                "crowded": crowded}
    write_outputs(out, folders, m, seconds, settings, warnings)
    return {**m, "runtime_seconds": seconds}, folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the ecbplus-dev folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where articles, findings.md and summary.json go")
    parser.add_argument("--topics", type=int, nargs="+", help="topic numbers (default: every topic of the corpus)")
    parser.add_argument("--max-edits-per-kind", type=int, default=2, help="edits per kind per single-event folder")
    parser.add_argument("--seed", type=int, default=0, help="seed of the edit choices")
    parser.add_argument("--seeds", type=int, nargs="+", metavar="SEED",
                        help="run once per seed (each into OUT/seed-N) and print one line per seed: other seeds "
                             "plant other edits, a check that the mechanisms are not shaped around one seed's")
    parser.add_argument("--crowded", action="store_true",
                        help="also check each edited folder with every other topic's articles in the run (minutes)")
    args = parser.parse_args(argv)
    if not (args.corpus / "ECB+").is_dir():
        parser.error(f"{args.corpus}: no ECB+ folder")
    unknown = sorted(set(args.topics or []) - set(topics_in(args.corpus)))
    if unknown:
        parser.error(f"no such topic in {args.corpus}: {' '.join(map(str, unknown))}")
    if args.seeds:
        rows = []
        for seed in args.seeds:
            m, _ = evaluate(args.corpus, args.out / f"seed-{seed}", args.topics, seed, args.max_edits_per_kind,
                            crowded=args.crowded)
            rows.append((seed, m))
            print(seed_line(seed, m), flush=True)
        print(seeds_summary(rows))
        print(f"\nwrote {args.out}/seed-N/findings.md and summary.json for each seed")
        return 0
    m, _ = evaluate(args.corpus, args.out, args.topics, args.seed, args.max_edits_per_kind, progress=True,
                    crowded=args.crowded)
    print(summary_table(m, m["runtime_seconds"]))
    print(f"\nwrote {args.out / 'findings.md'} and {args.out / 'summary.json'}")
    return 0


def seed_line(seed: int, m: dict[str, Any]) -> str:
    """One seed's headline numbers on one line: recall per kind and in all, findings per 100 unedited
    articles, and findings joining two events (mixed folders; the one run of every article)."""
    kinds = "  ".join(f"{k} {r['found']}/{r['planted']}" for k, r in m["recall"].items())
    every = m["recall_all"]
    return (f"seed {seed}: {kinds}  all {every['found']}/{every['planted']}"
            f"  per 100 unedited {m['single_event']['findings_per_100_articles']:.1f}"
            f"  joining: mixed {m['mixed']['cross_event_findings']}, one run {m['all_stories']['joining_events']}")


def seeds_summary(rows: list[tuple[int, dict[str, Any]]]) -> str:
    """The lowest recall of each kind over the seeds, and the most joins any seed gave."""
    lowest = {k: min((m["recall"][k] for _, m in rows), key=lambda r: r["recall"] if r["recall"] is not None else 1.0)
              for k in rows[0][1]["recall"]}
    joins = max(m["mixed"]["cross_event_findings"] + m["all_stories"]["joining_events"] for _, m in rows)
    return ("lowest over the seeds: " + "  ".join(f"{k} {r['found']}/{r['planted']}" for k, r in lowest.items())
            + f"; most findings joining two events on one seed: {joins}")


if __name__ == "__main__":
    sys.exit(main())
