"""From what a person typed to a query every search backend understands.

The text is never handed to a backend's own query syntax. It is split into words (Unicode
letters and digits), quoted phrases and `-excluded` words, and rebuilt from Wagtail's
query objects (`PlainText`, `Phrase`, `Or`, `And`, `Not`), whose words hold nothing but
letters and digits. That is why a stray `"`, `(`, `*`, `:`, `^`, `NEAR` or a NUL byte
can never reach SQLite FTS5's, PostgreSQL's or Elasticsearch's parser as syntax.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from wagtail.search.query import And, Not, Or, Phrase, PlainText, SearchQuery

from search.synonyms import synonym_phrases, synonyms_of

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# A word: letters and digits, hyphenated parts kept together ("wi-fi"), as the indexes
# tokenise them (PostgreSQL keeps "wi-fi" beside "wi" and "fi"; FTS5 sees a phrase).
WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')
# Words too common to narrow a search (PostgreSQL's English configuration ignores them
# too, and a query of nothing else would read the whole index): dropped.
COMMON_WORDS = (
    "a an and are as at be by can do does for from how i in is it my near not of on or "
    "our the to we what when where which who why with you your"
)
STOPWORDS = frozenset(COMMON_WORDS.split())


@dataclass
class ParsedQuery:
    text: str = ""
    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[list[str]] = field(default_factory=list)
    trimmed: bool = False
    dropped_words: bool = False
    only_common_words: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases)

    @property
    def words(self) -> list[str]:
        """Every positive word, in order: what "Did you mean" checks."""
        return [*self.terms, *(word for phrase in self.phrases for word in phrase)]


def clean(raw: str) -> tuple[str, bool]:
    """Printable text only (no NUL or other control characters), single-spaced and at
    most MAX_QUERY_LENGTH characters; the flag says whether it had to be cut."""
    text = "".join(
        " " if unicodedata.category(char).startswith(("C", "Z")) else char
        for char in raw[: MAX_QUERY_LENGTH * 4]
    )
    text = re.sub(r"\s+", " ", text).strip()
    trimmed = len(raw.strip()) > MAX_QUERY_LENGTH
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
        trimmed = True
    return text, trimmed


def parse(raw: str) -> ParsedQuery:
    text, trimmed = clean(raw or "")
    parsed = ParsedQuery(text=text, trimmed=trimmed)
    count = 0
    for negated, quoted, bare in TOKEN.findall(text):
        if bare:
            negated, chunk = bare.startswith("-"), bare.lstrip("-")
        else:
            negated, chunk = bool(negated), quoted
        words = [word.lower() for word in WORD.findall(chunk)]
        if not words:
            continue
        if count + len(words) > MAX_WORDS:
            parsed.dropped_words = True
            break
        count += len(words)
        if negated:
            parsed.excluded.append(words)
        elif quoted or len(words) > 1:
            parsed.phrases.append(words)
        else:
            parsed.terms.append(words[0])
    meaningful = [term for term in parsed.terms if term not in STOPWORDS]
    parsed.only_common_words = bool(parsed.terms) and not (meaningful or parsed.phrases)
    parsed.terms = meaningful
    parsed.terms = list(dict.fromkeys(parsed.terms))
    return parsed


def word_forms(word: str) -> list[str]:
    """The word with its likely singular or plural, so "laptops" finds "laptop" on
    SQLite (whose index does not stem) as it does on PostgreSQL and Elasticsearch."""
    forms = [word]
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return forms
    if word.endswith("ies"):
        forms += [word[:-3] + "y", word[:-1]]
    elif word.endswith("es"):
        forms += [word[:-1], word[:-2]]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.append(word[:-1])
    elif word.endswith("y") and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(word + "es")
    else:
        forms.append(word + "s")
    return list(dict.fromkeys(forms))


def spelling_variants(words: list[str]) -> list[list[str]]:
    """The same word written the other way: "multi-lingual" is "multilingual" too, and
    "multi lingual" (two words typed apart) is "multilingual"."""
    variants = []
    if len(words) == 1 and "-" in words[0]:
        variants.append([words[0].replace("-", "")])
    elif 1 < len(words) <= 3 and all(word.isalpha() for word in words):
        variants.append(["".join(words)])
    return variants


def _alternatives(words: list[str]) -> list[list[str]]:
    """One word or phrase, its synonyms and its spelling variants (each a list of words)."""
    options = [words, *synonyms_of(" ".join(words)), *spelling_variants(words)]
    unique: list[list[str]] = []
    for option in options:
        if option not in unique:
            unique.append(option)
    return unique


def _match(words: list[str]) -> SearchQuery:
    if len(words) == 1:
        forms = word_forms(words[0])
        if len(forms) == 1:
            return PlainText(forms[0])
        return Or([PlainText(form) for form in forms])
    return Phrase(" ".join(words))


def _either(options: list[list[str]]) -> SearchQuery:
    queries = [_match(option) for option in options]
    return queries[0] if len(queries) == 1 else Or(queries)


def _group_synonym_phrases(terms: list[str]) -> list[list[str]]:
    """Adjacent words that form a synonym phrase ("parental leave") stay together."""
    phrases = synonym_phrases()
    groups: list[list[str]] = []
    index = 0
    while index < len(terms):
        for size in (3, 2):
            chunk = terms[index : index + size]
            if len(chunk) == size and " ".join(chunk) in phrases:
                groups.append(chunk)
                index += size
                break
        else:
            groups.append([terms[index]])
            index += 1
    return groups


def to_search_query(parsed: ParsedQuery) -> SearchQuery:
    """Wagtail's query objects: every word (with its forms and synonyms) must match,
    phrases match as phrases, excluded words must not."""
    positive = [_either(_alternatives(group)) for group in _group_synonym_phrases(parsed.terms)] + [
        _either(_alternatives(phrase)) for phrase in parsed.phrases
    ]
    negative = [
        Not(_match(words) if len(words) > 1 else PlainText(words[0])) for words in parsed.excluded
    ]
    parts = positive + negative
    return parts[0] if len(parts) == 1 else And(parts)


def partial_query(parsed: ParsedQuery) -> SearchQuery | None:
    """Any of the words rather than all of them: asked when all of them find few pages
    ("report a bug" where the page says "report issues"); so do the words they make
    together (`joined_forms`). None for a query of one word or phrase."""
    groups = [[term] for term in parsed.terms] + parsed.phrases
    if len(groups) < 2:
        return None
    options = [_either(_alternatives(group)) for group in groups]
    options += [_match([word]) for word in joined_forms(parsed)]
    negative = [
        Not(_match(words) if len(words) > 1 else PlainText(words[0])) for words in parsed.excluded
    ]
    return And([Or(options), *negative]) if negative else Or(options)


def joined_forms(parsed: ParsedQuery) -> list[str]:
    """Words the query's words make together: adjacent words joined ("work space" is
    "workspace") and, for three words or more, their initials ("frequently asked
    questions" is "faq")."""
    terms = [term for term in parsed.terms if term.isalpha()]
    forms = ["".join(pair) for pair in itertools.pairwise(terms)]
    if len(terms) >= 3:
        forms.append("".join(term[0] for term in terms))
    return list(dict.fromkeys(forms))


def title_coverage(parsed: ParsedQuery):
    """A measure of how much of the query a title holds: (the share of the query's words
    or phrases it holds, whether it holds them as typed, side by side). Forms, synonyms
    and spelling variants count; the alternatives are worked out once for many titles."""
    groups = _title_groups(parsed)
    joined = set(joined_forms(parsed))
    typed = " ".join(parsed.terms)

    def measure(title: str) -> tuple[float, bool]:
        text = " ".join(WORD.findall(title.lower()))
        present = set(text.split()) | {word.replace("-", "") for word in text.split()}
        present |= {f"{STEM_MARK}{stem}" for stem in stems(text)}
        padded = f" {text} "
        held = sum(
            1
            for words, phrases in groups
            if (words & present) or any(phrase in padded for phrase in phrases)
        )
        held += len(groups) if joined & present else 0
        share = min(held / len(groups), 1.0) if groups else 0.0
        return share, bool(typed) and f" {typed} " in padded

    return measure


def _title_groups(parsed: ParsedQuery) -> list[tuple[set[str], list[str]]]:
    groups = []
    for group in [[term] for term in parsed.terms] + parsed.phrases:
        words, phrases = set(), []
        for option in _alternatives(group):
            if len(option) == 1:
                words.update(word_forms(option[0]))
                words.add(option[0].replace("-", ""))
                words.update(f"{STEM_MARK}{stem}" for stem in stems(option[0]))
            else:
                phrases.append(f" {' '.join(option)} ")
        groups.append((words, phrases))
    return groups


def highlight_words(parsed: ParsedQuery) -> list[str]:
    """Every word worth marking in a snippet: the query's words, their forms, synonyms."""
    words: list[str] = []
    groups = [[term] for term in parsed.terms] + parsed.phrases
    for group in groups:
        for option in _alternatives(group):
            for word in option:
                words.extend(word_forms(word))
    return list(dict.fromkeys(word for word in words if word not in STOPWORDS))


def title_matcher(parsed: ParsedQuery):
    """A test of whether a title holds every positive word or phrase (or a form or
    synonym of it); the alternatives are worked out once for many titles."""
    groups = _title_groups(parsed)

    def matches(title: str) -> bool:
        text = " ".join(WORD.findall(title.lower()))
        present = set(text.split())
        padded = f" {text} "
        return bool(groups) and all(
            (words & present) or any(phrase in padded for phrase in phrases)
            for words, phrases in groups
        )

    return matches


# Snowball's English stemmer, the one PostgreSQL's English configuration uses; a stem
# among words is marked, so that it never passes for a word ("instal").
_STEMMER = snowballstemmer.stemmer("english")
STEM_MARK = "~"


def stems(text: str) -> list[str]:
    """The words of `text` reduced to their stems ("updating" and "update": "updat")."""
    return _STEMMER.stemWords(WORD.findall(text.lower()))


def heading_matcher(parsed: ParsedQuery):
    """A test of whether a heading holds every positive word or phrase of the query, by
    stem ("Updating locked dependencies" holds "update locked dependency"), or a synonym
    or spelling variant; the alternatives are worked out once for many headings."""
    groups = []
    for words, phrases in _title_groups(parsed):
        groups.append(
            (
                {stem for word in words if not word.startswith(STEM_MARK) for stem in stems(word)},
                [f" {' '.join(stems(phrase))} " for phrase in phrases],
            )
        )

    def matches(heading: str) -> bool:
        found = stems(heading)
        present = set(found)
        padded = f" {' '.join(found)} "
        return bool(groups) and all(
            (words & present) or any(phrase in padded for phrase in phrases)
            for words, phrases in groups
        )

    return matches
