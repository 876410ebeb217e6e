"""Label each line of an article as title, heading, body or page furniture.

Why: scraped news text carries navigation, promotions, widgets, credits and other stories'
headlines. Claims must come only from the article, and a report must be able to say why a line was
left out, so every furniture segment names the heuristic that caught it (`FURNITURE_REASONS`).
The heuristics are general page patterns (short imperative promo lines, bare numbers, lines under a
"Next Article" marker, ...) and never depend on a particular outlet. When in doubt a line stays body:
losing a real sentence is as bad as keeping a stray one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from checker.model import CleanedSource, Segment, Source
from checker.reading.garbled import garbled_words

# heuristic name -> why a line it matches is not article text (Segment.reason holds the name)
FURNITURE_REASONS: dict[str, str] = {
    "glyph": "no words: a separator or widget glyph",
    "bare_number": "a bare number or rating: a score or counter widget",
    "widget_label": "label of a score, rating, counter or reading-time widget",
    "navigation": "site navigation or a page control",
    "related_list": "another article's headline listed under a navigation marker",
    "cross_link": "a link to another article ('Read more: ...')",
    "share": "share or social-media buttons",
    "advert": "an advertisement label",
    "call_to_action": "a call to action or promotion addressed to the reader",
    "reader_prompt": "a question prompting the reader (feedback, summary, newsletter)",
    "photo_credit": "a photo caption or credit",
    "copyright": "a copyright or rights notice",
    "source_credit": "a credit line saying where the article came from",
    "byline": "a byline or reporting credit",
    "timestamp": "a publication date, time or reading-time stamp",
    "publication_date": "the publication date printed on the page, taken as the article's date (its metadata had none)",
    "tag_strip": "a tag or category strip (topic words, no sentence)",
    "breadcrumb": "a breadcrumb or section path",
    "legal": "cookie, privacy or terms boilerplate",
    "duplicate": "repeats an earlier line (a repeated headline or pull quote)",
    "promo_block": "part of a trailing promotional block unrelated to the article",
}


def explain(segment: Segment) -> str:
    """Human-readable reason for a furniture segment ('' for article text)."""
    return FURNITURE_REASONS.get(segment.reason, segment.reason)


@dataclass
class _Line:
    start: int  # offsets of the stripped line (after list/heading markers) in source.text
    end: int
    raw: str  # the stripped line including markers
    text: str  # the line without markers
    blank_before: bool
    blank_after: bool
    bullet: bool = False
    md_heading: bool = False
    kind: str | None = None
    reason: str = ""


def clean(source: Source) -> CleanedSource:
    """Segment `source.text` line by line; find the title, headings, body, furniture and dateline.

    An article whose metadata has no publication date takes the date printed on a line under its
    headline or at its end ("Posted on May 2, 2013"), so that its weekdays and "yesterday" resolve;
    that line is labelled `publication_date`, which is how a report tells where the date came from."""
    lines = _split(source.text)
    for line in lines:
        reason = _line_furniture(line)
        if reason:
            _furn(line, reason)
    _mark_related_lists(lines)
    _mark_duplicates(lines)
    printed = _mark_date_lines(lines)
    if printed is not None and source.metadata.published is None:
        source = replace(source, metadata=replace(source.metadata, published=printed[0]))
        _furn(printed[1], "publication_date")
    _mark_title(lines, source.metadata.title)
    _mark_trailing_promo(lines)
    for line in lines:
        if line.kind is None:
            line.kind = "heading" if _is_heading(line) else "body"
    segments = tuple(Segment(ln.start, ln.end, ln.kind or "body", ln.reason) for ln in lines)
    dateline, span = _find_dateline(source.text, lines, source.metadata.dateline)
    return CleanedSource(source=source, segments=segments, dateline=dateline, dateline_span=span,
                         garbled=body_garbled_words(source.text, segments))


def body_garbled_words(text: str, segments: tuple[Segment, ...]) -> tuple[tuple[int, int, str], ...]:
    """The garbled words of the body segments, with offsets into `text`: read here, per document (and
    so in parallel), rather than when sources are scored, one after another."""
    return tuple(w for s in segments if s.kind == "body" for w in garbled_words(text[s.start : s.end], s.start))


def _furn(line: _Line, reason: str) -> None:
    line.kind, line.reason = "furniture", reason


# --- splitting ----------------------------------------------------------------------------------

_STRIP = " \t\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000\f\v"
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^(?:[•▪◦‣●○■□➤►✓✔*+]|[-–](?=\s))\s*")
_GLUED_COUNTER = re.compile(r"^\d{1,2}(?=[A-Z][a-z])")  # "• 1Industry ..." list counters
_QUOTE_MARK = re.compile(r"^>\s*")


def _split(text: str) -> list[_Line]:
    """Non-empty lines with exact offsets; Markdown heading, bullet and quote markers are excluded."""
    out: list[_Line] = []
    pos = 0
    raw_lines = text.split("\n")
    blank_prev = True
    for i, raw in enumerate(raw_lines):
        lstripped = raw.lstrip(_STRIP)
        stripped = lstripped.rstrip(_STRIP)
        if not stripped:
            blank_prev = True
            pos += len(raw) + 1
            continue
        start = pos + (len(raw) - len(lstripped))
        end = start + len(stripped)
        nxt = raw_lines[i + 1] if i + 1 < len(raw_lines) else ""
        line = _Line(start, end, stripped, stripped, blank_prev, not nxt.strip(_STRIP))
        cut = 0
        m = _MD_HEADING.match(stripped)
        if m:
            line.md_heading, cut = True, m.end()
        else:
            m = _QUOTE_MARK.match(stripped)
            if m:
                cut = m.end()
            m = _BULLET.match(stripped[cut:])
            if m and len(stripped) > cut + m.end() and re.match(r"\w", stripped[cut + m.end()]):
                line.bullet, cut = True, cut + m.end()
                g = _GLUED_COUNTER.match(stripped[cut:])
                if g:
                    cut += g.end()
        if cut and stripped[cut:].strip():
            rest = stripped[cut:]
            cut += len(rest) - len(rest.lstrip(_STRIP))
            line.start, line.text = start + cut, stripped[cut:]
        out.append(line)
        blank_prev = False
        pos += len(raw) + 1
    return out


# --- small text helpers -------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_TERMINAL = re.compile(r"[.!?…;,]$")
_CLOSERS = "\"'”’»)]*"
_SMALL = {"a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "for", "by",
          "with", "from", "as", "vs", "via", "into", "over", "per", "than", "is", "are", "be"}
_STOP = _SMALL | {"this", "that", "these", "those", "it", "its", "was", "were", "has", "have",
                  "had", "will", "would", "can", "could", "not", "no", "you", "your", "we", "our",
                  "they", "their", "he", "she", "his", "her", "what", "which", "who", "about"}


# The word helpers are cached: every line is asked about by a dozen heuristics and the passes after
# them (related lists, duplicates, title, trailing promotions). Results are immutable tuples/strings.


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


@lru_cache(maxsize=1024)
def _key(text: str) -> str:
    """Lower-cased words only, for matching lines against phrase lists.

    (Lower-casing the joined words equals joining the lower-cased words: the one context-dependent
    rule, a word-final Greek sigma, does not look across the spaces between words.)
    """
    return " ".join(_words(text)).lower().replace("’", "'")


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip(_CLOSERS) or text))


def _headline_like(line: _Line, max_words: int = 30, min_words: int = 2) -> bool:
    """A line shaped like a headline: a few words, no sentence-final punctuation (? and ! allowed)."""
    t = line.text.rstrip(_CLOSERS) or line.text
    n = len(_words(t))
    return min_words <= n <= max_words and len(t) <= 250 and not re.search(r"[.;,…]$", t) and not line.bullet


def _title_case(text: str) -> bool:
    words = [w for w in _words(text) if w[0].isalpha() and w.lower() not in _SMALL]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.7


@lru_cache(maxsize=1024)
def _content_words(text: str) -> tuple[str, ...]:
    out = []
    for w in _words(text.lower()):
        if len(w) >= 4 and w.isalpha() and w not in _STOP:
            out.append(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 4 else w)
    return tuple(out)


# --- per-line furniture -------------------------------------------------------------------------

_NAV = {
    "previous article", "next article", "previous story", "next story", "previous post", "next post",
    "previous", "next", "prev", "older post", "newer post", "older posts", "newer posts", "back",
    "back to top", "go to top", "top", "skip to content", "skip to main content", "skip navigation",
    "menu", "main menu", "close", "search", "home", "homepage", "sign in", "log in", "login",
    "log out", "logout", "register", "subscribe", "subscribe now", "my account", "sections",
    "all sections", "more", "show more", "load more", "see more", "view more", "read more",
    "continue reading", "read full article", "read the full article", "read full story",
    "read the full story", "full story", "comments", "show comments", "view comments",
    "hide comments", "leave a comment", "post a comment", "add a comment", "reply", "print",
    "print this article", "email", "e-mail", "copy link", "link copied", "save", "save article",
    "saved", "bookmark", "listen", "listen to this article", "listen to article", "play", "pause",
    "watch", "watch video", "play video", "view gallery", "view image", "view images", "enlarge",
    "open in app", "table of contents", "jump to", "follow", "following", "follow us",
    "follow topic", "translate", "font size", "text size", "dark mode", "report an error",
    "report a correction", "give feedback", "feedback", "see also", "also read", "read also",
}
# Markers after which the page lists other articles' headlines.
_LIST_MARKERS = {
    "previous article", "next article", "previous story", "next story", "previous post",
    "next post", "older post", "newer post", "related", "related articles", "related stories",
    "related news", "related posts", "related content", "related coverage", "related reading",
    "more stories", "more news", "more articles", "more on this story", "more on this topic",
    "you may also like", "you might also like", "you may be interested in", "recommended",
    "recommended for you", "recommended stories", "recommended articles", "most read",
    "most popular", "most viewed", "trending", "trending now", "read next", "up next",
    "what to read next", "latest news", "latest stories", "top stories", "editor's picks",
    "editors' picks", "don't miss", "in other news", "further reading", "popular now",
}
_MORE_FROM = re.compile(r"^more (?:from|in|on|stories from|news from) \w+(?: \w+){0,3}$")
_ADVERT = {
    "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content", "paid content",
    "paid post", "promoted", "promoted content", "partner content", "supported by",
    "story continues below advertisement", "article continues below advertisement",
    "continue reading below", "scroll to continue", "scroll to continue with content",
    "advertisement scroll to continue", "report this ad", "ad feedback", "from our sponsors",
}
_SOCIAL = {"facebook", "twitter", "linkedin", "whatsapp", "telegram", "reddit", "pinterest",
           "tumblr", "messenger", "flipboard", "threads", "bluesky", "mastodon", "instagram",
           "youtube", "tiktok", "tweet", "share", "email", "e-mail", "x", "sms"}
_SOCIAL_FILL = {"on", "this", "article", "story", "via", "post", "the", "to", "us", "follow",
                "print", "copy", "link", "page", "it", "with", "friends", "share", "and", "or"}
_WIDGET_WORDS = (r"relevance|user|users|reader|readers|average|overall|our|editor's|editors|critic|critics|"
                 r"audience|match|player|players|impact|quality|trust|sentiment|reliability|importance|ai|"
                 r"star|total|article|page|story|community|importance|confidence")
_WIDGET = re.compile(
    rf"^(?:(?:{_WIDGET_WORDS}) ){{0,2}}(?:score|scores|rating|ratings|rank|ranking|views|comments|likes|"
    r"shares|votes|reads)$"
    r"|^\d+ ?(?:min|mins|minute|minutes)(?: read| reading| listen| watch)?$"
    r"|^(?:reading|read|listening) time\b.{0,20}$|^\d[\d,.]*[km]? (?:views|comments|shares|likes|reads|votes)$")
_CROSS_LINK = re.compile(
    r"^(?:read more|read also|also read|see also|related|read next|recommended|more|watch|listen|"
    r"read|related article|related story|related coverage|must read|don't miss|explainer)\s*[:|–—-]\s*\S",
    re.I)
_CTA_VERBS = {"try", "get", "sign", "subscribe", "join", "download", "start", "unlock", "claim",
              "practice", "practise", "learn", "discover", "explore", "book", "buy", "shop", "order",
              "register", "install", "watch", "listen", "upgrade", "donate", "support", "help",
              "follow", "share", "read", "see", "click", "tap", "enter", "grab", "save", "access",
              "enroll", "enrol", "apply", "contact", "send", "tell", "give", "take", "check", "find",
              "visit", "become", "create", "play", "view", "continue", "stay", "don't", "never",
              "master", "boost", "ace", "level", "sharpen", "test"}
# Words that make a short imperative line a promotion; the weak ones only in lines of <= 4 words
# ("Watch highlights now"), because headlines like "Help for victims now available" use them too.
_PROMO_WORDS = {"free", "app", "newsletter", "newsletters", "summary", "trial", "premium", "offer",
                "offers", "deal", "deals", "discount", "us", "our", "your", "you", "podcast",
                "subscription", "subscriber", "subscribers", "membership", "account", "email",
                "inbox", "problems", "exercises", "lessons", "course", "courses", "certificate",
                "quiz", "survey", "feedback", "tip", "tips", "exclusive", "unlimited",
                "notifications", "skills", "interview", "interviews", "datasets", "tutorials",
                "challenges"}
_WEAK_PROMO_WORDS = {"now", "today", "here", "more", "full", "below", "started", "informed", "access",
                     "questions", "video", "updates", "alerts", "highlights", "latest", "story",
                     "article", "tuned", "connected"}
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according|warned|urged|added)\b", re.I)
_PROMPT_WORDS = {"read", "reading", "helpful", "useful", "tip", "tips", "feedback", "newsletter",
                 "subscribe", "subscribed", "subscriber", "enjoy", "enjoying", "enjoyed", "summary",
                 "article", "comment", "comments", "rate"}
_PHOTO = re.compile(
    r"^\(?(?:photo|photos|photograph|photography|image|images|picture|pic|illustration|graphic|"
    r"video|file photo|photo credit|image credit|image source|credit|credits|caption)s?"
    r"(?:\s+(?:by|credit))?\s*[:：|/·•]", re.I)
_AGENCIES = (r"getty images|afp|ap photo|associated press|epa(?:-efe)?|shutterstock|alamy|xinhua|"
             r"bloomberg|anadolu|pa images|pa wire|imago|sipa|corbis|istock|reuters")
# A caption ends with its credit: "(Photo: ...)", "(Jane Smith/AFP)", "Getty Images", ".../Reuters".
# A bare "(Reuters)" is not enough: wire copy ends paragraphs that way.
_AGENCY_CREDIT = re.compile(
    rf"(?:\([^()]*\b(?:photo|photograph|image|picture|pic|credit|file)\b[^()]*\)"
    rf"|\([^()]*/\s*(?:{_AGENCIES})\b[^()]*\)"
    rf"|\b(?:getty images|shutterstock|alamy|istock)\b[^()]{{0,40}}\)?"
    rf"|(?:/|\bvia\s+)(?:{_AGENCIES}))\s*$", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|^copyright\s*(?:©|\(c\)|\d{4})|\ball rights reserved\b|"
                        r"\brights\s*(?:&|and)\s*takedowns?\b", re.I)
_SOURCE_CREDIT = re.compile(
    r"^\(?(?:sources?\s*[:：|–—-]|via\s*:|courtesy(?: of)?\b|originally published\b|first published\b|"
    r"republished\b|translated (?:from|by)\b|adapted from\b|"
    r"this (?:article|story|piece|post|report) (?:was |is |first |has been )?(?:originally )?"
    r"(?:published|appeared|adapted|republished|translated|produced)\b|"
    r"(?:with )?inputs? from\b)", re.I)
_BYLINE = re.compile(r"^\(?(?:by|written by|words by|story by|text by|reported by|"
                     r"(?:with )?(?:additional )?reporting (?:by|from)|edited by|editing by|writing by|"
                     r"compiled by)\s+(.+?)\)?\.?$", re.I)
_NAME_FILL = {"and", "in", "with", "of", "the", "de", "da", "del", "van", "von", "al", "bin", "la",
              "le", "by", "from", "staff", "reporter", "correspondent", "editor", "writer",
              "contributor"}
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_TIME_WORDS = set(_MONTHS) | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "published", "updated", "posted", "last", "first",
    "modified", "on", "at", "am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "cet", "cest", "et",
    "est", "edt", "pt", "pst", "pdt", "ist", "jst", "kst", "aest", "ago", "hours", "hour", "hrs",
    "minutes", "minute", "mins", "min", "days", "day", "weeks", "week", "yesterday", "today",
    "read", "reading", "time", "of", "local", "time", "st", "nd", "rd", "th", "edited", "date"}
_TAG_PREFIX = re.compile(r"^(?:tags?|topics?|filed under|categor(?:y|ies)|keywords?|related topics|"
                         r"more on|subjects?)\s*[:：]", re.I)
_BREADCRUMB_SPLIT = re.compile(r"\s*(?:>|›|»|\||/|•|·|::)\s*")
_LEGAL = re.compile(r"\b(?:cookies?|privacy policy|privacy notice|terms of (?:service|use)|"
                    r"terms and conditions|you agree to|by (?:clicking|continuing|signing up|subscribing|"
                    r"registering)\b)", re.I)
_READER_PRONOUN = re.compile(r"\b(?:we|our|us|you|your)\b", re.I)  # legal text talks to the reader


# Substrings every match of a pattern below holds: a cheap test first, since most lines are prose and
# the expressions scan the whole line (a fifth of the cost of cleaning a page).
_COPYRIGHT_HINTS = ("©", "(c)", "rights")
_LEGAL_HINTS = ("cookie", "privacy policy", "privacy notice", "terms of service", "terms of use", "terms and conditions",
                "you agree to", "by clicking", "by continuing", "by signing up", "by subscribing", "by registering")
_AGENCY_TAIL = 120  # characters: a credit that does not end in parentheses ends with an agency's name


def _agency_credit(raw: str) -> bool:
    """_AGENCY_CREDIT, which matches only at the end of the line: in parentheses closing it (searched from
    the last opening one, as the match cannot hold another), or in its last words."""
    line = raw.rstrip()
    if line.endswith(")"):
        return _AGENCY_CREDIT.search(line, max(0, line.rfind("("))) is not None \
            or _AGENCY_CREDIT.search(line, max(0, len(line) - _AGENCY_TAIL)) is not None
    return _AGENCY_CREDIT.search(line, max(0, len(line) - _AGENCY_TAIL)) is not None


def _copyright(raw: str) -> bool:
    low = raw.lower()
    return (low.startswith("copyright") or any(h in low for h in _COPYRIGHT_HINTS)) and _COPYRIGHT.search(raw) is not None


def _legal(raw: str) -> bool:
    low = raw.lower()
    return any(h in low for h in _LEGAL_HINTS) and _LEGAL.search(raw) is not None


def _line_furniture(line: _Line) -> str:
    """The furniture heuristic matching this line on its own, or ''."""
    raw, text = line.raw, line.text
    if not re.search(r"[^\W_]", raw):
        return "glyph"
    words = _words(text)
    key = _key(text)
    n = len(words)
    if re.fullmatch(r"[\d.,/%:+()\s★☆*–—-]+", raw) and len(raw) <= 16:
        return "bare_number"
    if re.fullmatch(r"!\[[^\]]*\]\([^)]*\)", raw):
        return "photo_credit"  # a Markdown image
    if key in _NAV or key in _LIST_MARKERS or _MORE_FROM.match(key):
        return "navigation"
    if key in _ADVERT or (n <= 6 and re.match(r"^(?:advertisement|sponsored)\b", key)):
        return "advert"
    if n <= 12 and set(key.split()) <= (_SOCIAL | _SOCIAL_FILL) and set(key.split()) & _SOCIAL:
        return "share"
    if n <= 5 and _WIDGET.match(key):
        return "widget_label"
    if n <= 30 and _PHOTO.match(raw):
        return "photo_credit"
    if n <= 40 and _agency_credit(raw):
        return "photo_credit"
    if n <= 30 and _copyright(raw):
        return "copyright"
    if n <= 40 and _SOURCE_CREDIT.match(raw):
        return "source_credit"
    if n <= 25 and _is_byline(raw):
        return "byline"
    if n <= 14 and _is_timestamp(key):
        return "timestamp"
    if n <= 20 and _CROSS_LINK.match(raw) and not _ends_sentence(raw):
        return "cross_link"
    if n <= 50 and _legal(raw) and _READER_PRONOUN.search(raw):
        return "legal"
    if _TAG_PREFIX.match(raw) or _is_tag_strip(text):
        return "tag_strip"
    if _is_breadcrumb(raw):
        return "breadcrumb"
    if _is_cta(words, raw):
        return "call_to_action"
    if n <= 8 and raw.rstrip(_CLOSERS).endswith("?") and (
            set(key.split()) & _PROMPT_WORDS or "what do you think" in key):
        return "reader_prompt"
    return ""


def _is_byline(raw: str) -> bool:
    m = _BYLINE.match(raw)
    if not m:
        return False
    names = [w for w in _words(m.group(1)) if w.lower() not in _NAME_FILL]
    return bool(names) and all(w[0].isupper() for w in names) and not _ATTRIBUTION.search(raw)


def _is_timestamp(key: str) -> bool:
    toks = key.split()
    if not toks:
        return False
    dated = any(t.isdigit() or t in _MONTHS or t == "ago" for t in toks)
    return dated and all(t in _TIME_WORDS or re.fullmatch(r"\d[\d:.]*", t) for t in toks)


def _is_tag_strip(text: str) -> bool:
    """Topic words run together by a scraper ('Health & Sciencepublic healthmedical research')."""
    if _ends_sentence(text) or len(_words(text)) > 25:
        return False
    return sum(_glued(w) for w in _words(text)) >= 2


def _glued(word: str) -> bool:
    """A token that is two or more words stuck together: very long, or camel-case joints."""
    if not word.isalpha():
        return False
    if len(word) >= 17 and word.islower():
        return True
    joints = re.findall(r"[a-z]{3}[A-Z][a-z]{2}", word)
    return len(joints) >= 2 or (len(joints) == 1 and len(word) >= 14)


def _is_breadcrumb(raw: str) -> bool:
    if ":" in raw or _ends_sentence(raw):
        return False
    parts = [p for p in _BREADCRUMB_SPLIT.split(raw) if p]
    return len(parts) >= 3 and all(1 <= len(_words(p)) <= 4 for p in parts)


def _is_cta(words: tuple[str, ...], raw: str) -> bool:
    """Short imperative lines that sell something or address the reader ('Try 250 free problems')."""
    if not words or len(words) > 10 or _ATTRIBUTION.search(raw):
        return False
    if raw[:1] in "\"“‘'":  # a quoted imperative is someone speaking, not the page
        return False
    first = words[0].lower().replace("’", "'")
    rest = {w.lower() for w in words[1:]}
    if first not in _CTA_VERBS:
        return False
    return bool(rest & _PROMO_WORDS) or "%" in raw or (len(words) <= 4 and bool(rest & _WEAK_PROMO_WORDS))


# --- furniture that needs context ---------------------------------------------------------------


def _mark_related_lists(lines: list[_Line]) -> None:
    """Headlines listed after 'Next Article', 'Related stories' etc. belong to other articles."""
    in_list = False
    for line in lines:
        key = _key(line.text)
        if key in _LIST_MARKERS or _MORE_FROM.match(key):
            in_list = True
            continue
        if not in_list:
            continue
        if line.kind == "furniture":
            continue
        if _headline_like(line, max_words=25) or (line.bullet and len(_words(line.text)) <= 25):
            _furn(line, "related_list")
        else:
            in_list = False  # prose again: the article (or another block) resumes


def _mark_duplicates(lines: list[_Line]) -> None:
    """A line repeating an earlier one (a repeated headline, a pull quote) adds nothing."""
    seen: set[str] = set()
    for line in lines:
        if line.kind == "furniture":
            continue
        key = _key(line.text)
        if len(key.split()) < 3:
            continue
        if key in seen:
            _furn(line, "duplicate")
        seen.add(key)


def _mark_title(lines: list[_Line], meta_title: str | None) -> None:
    """The metadata title if a line matches it; else the first headline-shaped line at the top.

    At most one prose line may precede the title (a summary box), and then the title must be in
    title case; a first paragraph that opens with a dateline means the text has no title line.
    """
    cands = [ln for ln in lines if ln.kind is None]
    if meta_title:
        want = _key(meta_title)
        for line in cands[:15]:
            have = _key(line.text)
            if have and (have == want or (want.startswith(have) and len(have) >= 0.5 * len(want))):
                line.kind = "title"
                return
    prose = 0
    for i, line in enumerate(cands[:6]):
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if _is_kicker(line) and nxt is not None and _headline_like(nxt):
            continue  # a section label above the headline ("WORLD NEWS")
        if _headline_like(line) and not line.bullet:
            if i + 1 < len(cands) and (prose == 0 or _title_case(line.text)):
                line.kind = "title"
            return
        if prose or _dateline_match(line.text):
            return
        prose += 1


def _is_kicker(line: _Line) -> bool:
    """A section label such as 'WORLD NEWS' or 'Analysis' (it becomes a heading, not the title)."""
    n = len(_words(line.text))
    letters = [c for c in line.text if c.isalpha()]
    caps = bool(letters) and all(c.isupper() for c in letters)
    return (caps and n <= 4) or (n <= 2 and not _ends_sentence(line.text))


_PROMO_LEXICON = _PROMO_WORDS | {"try", "sign", "subscribe", "download", "practice", "practise",
                                 "join", "enroll", "coupon", "sale", "bonus", "unlock", "learn"}
_PRODUCT_COUNT = re.compile(
    r"\b\d[\d,.]*\+?\s+(?:[\w&+#-]+\s+){0,3}(?:problems|exercises|questions|courses|lessons|datasets|"
    r"templates|tutorials|videos|recipes|puzzles|challenges|learners|students|members|subscribers)\b",
    re.I)


def _promo_score(text: str) -> int:
    words = [w.lower() for w in _words(text)]
    return sum(w in _PROMO_LEXICON for w in words) + 2 * len(_PRODUCT_COUNT.findall(text))


def _mark_trailing_promo(lines: list[_Line]) -> None:
    """Promotion at the end of the page: promo wording, no link to the article's topic, and
    anchored by at least one call to action (or two promo lines)."""
    df: Counter[str] | None = None  # the article's word spread, counted only if a line looks like promotion
    block: list[_Line] = []
    anchored = False
    for line in reversed(lines):
        if line.kind == "furniture":
            anchored = anchored or line.reason in ("call_to_action", "reader_prompt")
            continue
        if line.kind == "title" or len(_words(line.text)) > 45 or _promo_score(line.text) < 2:
            break
        if df is None:
            df = Counter(w for ln in lines if ln.kind != "furniture" for w in set(_content_words(ln.text)))
        own = set(_content_words(line.text))
        df.subtract(own)  # compare with the article before this line, not with itself
        if own and _related(own, df):
            break
        block.append(line)
    if block and (anchored or len(block) >= 2):
        for line in block:
            _furn(line, "promo_block")


def _related(own: set[str], df: Counter[str]) -> bool:
    """Does a line share the article's topic? Any of its 20 most widespread words, or half its words."""
    topical = {w for w, n in df.most_common(20) if n >= 2}
    shared = sum(1 for w in own if df[w] > 0)
    return bool(own & topical) or shared / len(own) > 0.5


# --- the publication date printed on the page ---------------------------------------------------
# A line that is nothing but a date with a year, optionally with a cue ("Posted on", "Last updated"),
# a weekday, a clock time and a time zone. Only lines near the top (before the third paragraph of
# prose) or among the last few lines are read, and only lines every word of which is such a piece
# (one capitalised word, an outlet's name, may precede it, or a dateline in capitals with its comma:
# "PERU, July 2, 2013", the day the report was filed): a sentence or a quotation never passes.

DATE_LINE_TOP = 10  # lines at the start of the page that may carry the date
DATE_LINE_PROSE = 2  # ... before the third paragraph of prose (a summary or lead may come first)
DATE_LINE_END = 3  # lines at its end
_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR_DATE = (rf"(?:{_MON}\s*{_ORD},?\s+\d{{4}}|{_ORD}\s+(?:of\s+)?{_MON},?\s+\d{{4}}"
              r"|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?!\d)")
_DATE_PIECE = re.compile(
    rf"(?i:(?P<date>{_YEAR_DATE})"
    r"|(?P<cue>(?:(?:first|originally|last)\s+)?(?:published|posted|updated|modified|created|edited)"
    r"(?:\s+(?:on|at|time|date))?|story\s+created|article\s+posted|date|on|at)\b"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?"
    r"|\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\b\.?|[ap]\b|hrs\b)?|\d{1,2}\s*[ap]\.?m\b\.?)"
    r"|\(?(?:[A-Z]{1,4}T|UTC|UK)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?\)?(?!\w)"
    r"|[|,@:/()–—-]")
_UPDATE_CUE = re.compile(r"(?i).*(?:updated|modified|edited)")
_STRAY = re.compile(r"\S+")
_NOT_OUTLET = _STOP | {"since", "until", "till", "before", "after", "through", "during", "around"}


# A blog's byline that ends in the date it was posted: "On behalf of Martin J. Kessler, Esq. posted in
# Traffic Accidents on Wednesday, September 18, 2013.", "Posted by Jane Roe in Local News on May 2,
# 2013". Only names (capitalised words) may stand around the cue; the rest must be a date line.
_NAMES = r"[A-Z][\w.'’&-]*(?:,?\s+(?:&\s+|and\s+|of\s+)?[A-Z][\w.'’&-]*)*"
_POSTED_LINE = re.compile(
    rf"^(?:(?i:on\s+behalf\s+of|by)\s+{_NAMES},?\s+)?(?i:posted|published|filed)"
    rf"(?:\s+(?i:by|in|under)\s+{_NAMES})*\s+(?i:on)\s+(?P<date>.+)$")


def _date_line(text: str) -> tuple[str, bool] | None:
    """The date span of a line that is only a date (with cue, weekday, time, zone), and whether
    the cue before it says the page was updated, or of a byline that ends in the date it was posted;
    None for any other line."""
    posted = _POSTED_LINE.match(text) if len(text) <= 160 else None
    if posted is not None:
        return _date_line(posted.group("date"))
    if len(text) > 90 or re.search(r"[\"“”‘’«»]", text) or not re.search(r"\d{2}", text):
        return None
    pos, stray, found, cue = 0, 0, [], ""
    while pos < len(text):
        if text[pos].isspace() or text[pos] == ".":
            pos += 1
            continue
        m = _DATE_PIECE.match(text, pos)
        if m is None:
            m = _STRAY.match(text, pos)
            stray += 1
            word = m.group(0)
            if stray > 1 or pos > 0 or not word[0].isupper() or word.lower() in _NOT_OUTLET \
                    or (word.endswith(",") and not word[:-1].isupper()):
                return None  # more than an outlet's name, or a place opening prose ("Paris, May 2, 2013 -")
        elif m.group("cue"):
            cue = m.group("cue")
        elif m.group("date"):
            found.append((m.group("date"), bool(_UPDATE_CUE.match(cue))))
        pos = m.end()
    published = [f for f in found if not f[1]]
    return (published or found)[0] if found else None


@lru_cache(maxsize=1024)
def _parse_printed_date(span: str) -> date | None:
    """dateparser on the date span. A numeric date is read day first when its first number exceeds
    12, month first when its second does, and otherwise month first with slashes (as US pages write
    it) and day first with dots (as European pages do)."""
    import dateparser

    numeric = re.fullmatch(r"(\d{1,4})([/.-])(\d{1,2})[/.-]\d{1,4}", span)
    order = "MDY"
    if numeric and len(numeric.group(1)) == 4:
        order = "YMD"
    elif numeric and int(numeric.group(1)) > 12:
        order = "DMY"
    elif numeric and int(numeric.group(3)) <= 12 and numeric.group(2) == ".":
        order = "DMY"
    try:
        parsed = dateparser.parse(re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", span), languages=["en"], settings={
            "DATE_ORDER": order, "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input: no date
        return None
    return parsed.date() if parsed else None


def _mark_date_lines(lines: list[_Line]) -> tuple[date, _Line] | None:
    """Label the date lines at the top and the end of the page as timestamps (page furniture: the
    date of the page is no claim about the event) and return the publication date they give: the
    first date not marked as an update. An update date alone is not used: a page updated days later
    keeps the "yesterday" of its first version (measured on ECB+: "Last updated 15/09/2013" over
    "Yesterday, a climber died" about a death on the 13th)."""
    top, prose = 0, 0
    for line in lines[:DATE_LINE_TOP]:
        if line.kind != "furniture" and len(_words(line.text)) >= 12 and _ends_sentence(line.text):
            prose += 1
            if prose > DATE_LINE_PROSE:
                break
        top += 1
    best: tuple[date, _Line] | None = None
    for i in sorted(set(range(top)) | set(range(max(0, len(lines) - DATE_LINE_END), len(lines)))):
        line = lines[i]
        found = _date_line(line.text)
        day = _parse_printed_date(found[0]) if found else None
        if day is None:
            continue
        if line.kind != "furniture":
            _furn(line, "timestamp")
        if best is None and not found[1]:
            best = (day, line)
    return best


# --- title, headings, dateline ------------------------------------------------------------------


def _is_heading(line: _Line) -> bool:
    """Short lines without sentence punctuation inside the text are section headings."""
    if line.md_heading:
        return True
    if line.bullet:
        return False
    t = line.text.rstrip(_CLOSERS) or line.text
    n = len(_words(t))
    if t.endswith(":"):
        return n <= 12
    if t.endswith("?"):
        return n <= 14 and line.blank_before and line.blank_after
    return _headline_like(line, max_words=20, min_words=1) and len(t) <= 160 and not t.endswith("!")


_MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
             r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_RE = rf"(?:{_MONTH_RE}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH_RE}(?:\s+\d{{4}})?)"
_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s+(?:{_CAPS_WORD}|de|da|del|do|du|la|le|el|al|upon|on|am))*"
_TITLE_PLACE = r"[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){0,2}"
_REGION = rf"(?!{_MONTH_RE}\b)[A-Z][A-Za-z.'’\-]*(?:\s+[A-Z][A-Za-z.'’\-]*){{0,3}}"
_AGENCY = r"\([A-Za-z][\w .&'’-]{0,30}\)"
_DASH = r"(?:\s+[-–—]{1,2}\s+|\s*[–—]\s*|:\s+)"
_DATELINE_CAPS = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}(?:,\s+{_REGION})?)(?:,?\s+{_DATE_RE})?\s*(?:{_AGENCY})?{_DASH}\S")
_DATELINE_TITLE = re.compile(
    rf"^(?P<place>{_TITLE_PLACE}(?:,\s+{_REGION})?)(?:(?:,?\s+{_DATE_RE})\s*(?:{_AGENCY})?|\s*{_AGENCY})"
    rf"{_DASH}\S")
_NOT_PLACES = {"BREAKING", "BREAKING NEWS", "EXCLUSIVE", "UPDATE", "UPDATED", "ANALYSIS", "OPINION",
               "EDITORIAL", "COMMENT", "WATCH", "LIVE", "PHOTOS", "VIDEO", "NEWS", "REVIEW",
               "INTERVIEW", "FACT CHECK", "CORRECTION", "NOTE", "EDITOR'S NOTE", "FILE", "URGENT",
               "ALERT", "FLASH", "FEATURE", "SPONSORED", "ADVERTISEMENT", "PRESS RELEASE",
               "WARNING", "LISTEN", "READ", "Q&A", "FAQ", "UPDATES", "DEVELOPING"}


def _dateline_match(text: str) -> re.Match[str] | None:
    for rx in (_DATELINE_CAPS, _DATELINE_TITLE):
        m = rx.match(text)
        if m:
            place = m.group("place").split(",")[0].strip()
            if place.upper() in _NOT_PLACES or sum(c.isalpha() for c in place) < 3:
                continue
            return m
    return None


def _find_dateline(text: str, lines: list[_Line], meta_dateline: str | None
                   ) -> tuple[str | None, tuple[int, int] | None]:
    """A place name opening one of the first body paragraphs ('LISBON —', 'LONDON, June 3 (AP) —').

    The span covers the place as written (text[span] == dateline); the line stays body.
    """
    body = [ln for ln in lines if ln.kind == "body"][:3]
    for line in body:
        if meta_dateline and line.text.casefold().startswith(meta_dateline.strip().casefold()):
            end = line.start + len(meta_dateline.strip())
            return text[line.start:end], (line.start, end)
        m = _dateline_match(line.text)
        if m:
            start, end = line.start + m.start("place"), line.start + m.end("place")
            return text[start:end], (start, end)
    return None, None


def with_found_title(cleaned: CleanedSource) -> CleanedSource:
    """A plain-text article's headline line becomes its title when no metadata gave one."""
    source = cleaned.source
    titles = [seg for seg in cleaned.segments if seg.kind == "title"]
    if source.metadata.title or not titles:
        return cleaned
    title = source.text[titles[0].start : titles[0].end].strip()
    source = replace(source, metadata=replace(source.metadata, title=title))
    return replace(cleaned, source=source)
