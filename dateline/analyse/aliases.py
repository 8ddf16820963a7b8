"""Canonical entity keys and alias merging.

A key is a pure function of a name (and its label), so that it is the same in every run,
in every batch of an incremental ingest, and for a user's ``--entity`` query:

- people: ``person:<surname>`` where the surname is folded by general transliteration
  rules (diacritics, ``ks``/``x``, ``kh``/``h``, ``y``/``j``/``i``, ``ye``/``e``, ``ie``,
  ``w``/``v``, double letters, and final -ka/-ko and -y/-iy/-yy endings agree): "Alexander Lukashenko", "Alyaksandr Lukashenka", "Lukashenka" all give
  ``person:lukashenk``; "Zelensky"/"Zelenskyy"/"Zelenskiy" give ``person:zelensk``.
- places (GPE, LOC, and NORP demonyms of a country): ``gpe:<country>`` through the
  country table of :mod:`dateline.analyse.gazetteer` ("Belarussian" -> ``gpe:belarus``),
  with stem matching for regular demonyms not listed; listed cities ``gpe:<city>``
  ("Kharkov" -> ``gpe:kharkiv``); other places ``gpe:<folded>`` ("Kyiv" and "Kiev" agree
  either way).
- organisations ``org:<folded>``; other NORP groups ``norp:<folded>``.

:func:`build_entities` gathers the mentions of a corpus into :class:`Entity` records,
and also merges people whose folded surnames still differ but whose consonant
skeletons agree and whose first names are compatible.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from dateline.analyse.gazetteer import cities, countries
from dateline.data import AnalysedArticle, Entity, Mention

PLACE_LABELS = frozenset({"GPE", "LOC"})
_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe",
                          "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d", "’": "'"})
_WORD = re.compile(r"[a-z0-9]+")
_KA_KO = re.compile(r"(?<=[^s])k[ao]$")
_POSSESSIVE = re.compile(r"['’]s?$")
_ARTICLE = re.compile(r"^(?:the)\s+", re.I)
_NAME_PREFIXES = ("al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "ar-")
# Tokens that are not the surname when they end a person's name.
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "jnr", "snr"})
_DEMONYM_SUFFIXES = ("ians", "ians", "ian", "ans", "an", "ese", "ish", "is", "i", "s")


def fold(text: str) -> str:
    """Lower-case ASCII: diacritics and special letters replaced ("Łukaszenka" -> "lukaszenka")."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def translit(word: str, final_vowels: bool = True) -> str:
    """Fold one word so that transliteration variants of it agree (see the module doc).

    ``final_vowels=False`` (for surnames) also drops a final -i (-y/-iy/-yi/-yy) and the
    vowel of -ka/-ko; feminine forms stay apart (Zelenska, Navalnaya, Ivanova). Place and
    organisation names keep their final vowels ("Niger" is not "Nigeria").
    """
    w = "".join(_WORD.findall(fold(word)))
    w = w.replace("ks", "x").replace("kh", "h").replace("ph", "f").replace("ck", "k")
    w = w.replace("w", "v").replace("y", "i").replace("j", "i")
    if w.startswith("ie"):
        w = w[1:]  # Yevgeny / Evgeny, Yeltsin / Eltsin
    w = w.replace("ie", "i")  # Kiev / Kyiv, Dmitriyev / Dmitriev
    w = re.sub(r"(.)\1+", r"\1", w)  # double letters; also "ii" from "iy"/"yy"
    if final_vowels or len(w) <= 3:
        return w
    if w.endswith("i"):  # Zelensky / Zelenskyy / Zelenskiy, Navalny / Navalnyi
        return w[:-1]
    return _KA_KO.sub("k", w)  # Lukashenka / Lukashenko (but Zelenska stays a different person)


def skeleton(word: str) -> str:
    """Consonants of :func:`translit` (used only for corpus-level fuzzy merging)."""
    return re.sub(r"[aeiou]", "", translit(word, final_vowels=False))


@lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """Words of a name folded with :func:`translit` and joined by ``-``."""
    text = _ARTICLE.sub("", _POSSESSIVE.sub("", text.strip()))
    return "-".join(t for t in (translit(w) for w in re.split(r"[\s\-/&.]+", text)) if t)


def _readable(name: str) -> str:
    return "-".join(_WORD.findall(fold(name)))


@lru_cache(maxsize=1)
def _place_index() -> tuple[dict[str, str], dict[str, str]]:
    """``slug -> country key`` for names and demonyms, and ``stem -> key`` for fuzzy demonyms."""
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    for name, others, demonyms in countries():
        key = "gpe:" + _readable(name)
        for form in (name, *others, *demonyms):
            exact.setdefault(slug(form), key)
            exact.setdefault(slug(form) + "s", key)  # plural demonyms: "Belarusians"
        stems.setdefault(_stem(name), key)
    return exact, stems


def _stem(word: str) -> str:
    w = "-".join(re.sub(r"(.)\1+", r"\1", t) for t in _WORD.findall(fold(word).replace("y", "i")))
    for suffix in (*_DEMONYM_SUFFIXES, "ia", "a", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=65536)
def country_key(name: str) -> str | None:
    """The ``gpe:`` key of a country name, other name or demonym; ``None`` if not one."""
    exact, stems = _place_index()
    key = exact.get(slug(name))
    if key is None and " " not in name.strip():
        key = stems.get(_stem(name))
    return key


@lru_cache(maxsize=1)
def _city_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for names in cities():
        for form in names:
            index.setdefault(slug(form), "gpe:" + _readable(names[0]))
    return index


@lru_cache(maxsize=65536)
def place_key(name: str) -> str | None:
    """The ``gpe:`` key of a known country (name or demonym) or listed city; ``None`` otherwise."""
    return country_key(name) or _city_index().get(slug(name))


@lru_cache(maxsize=1)
def place_names() -> tuple[str, ...]:
    """Every country name, other name and listed city spelling (for finding places the NER missed)."""
    out = [n for name, others, _ in countries() for n in (name, *others)]
    out += [n for names in cities() for n in names]
    return tuple(sorted(set(out), key=len, reverse=True))


def surname(name: str) -> str:
    """The word of a person's name that identifies them (the last, bar suffixes and particles)."""
    words = [w for w in re.split(r"\s+", _POSSESSIVE.sub("", name.strip())) if w]
    while len(words) > 1 and fold(words[-1]).strip(".,") in _NAME_SUFFIXES:
        words.pop()
    last = words[-1].strip(".,") if words else name
    parts = last.split("-")
    if len(parts) > 1 and all(p[:1].isupper() for p in parts):
        last = parts[-1]  # "Delgado-Finch" is keyed like "Delgado Finch"; "Ki-moon" stays whole
    low = fold(last)
    for prefix in _NAME_PREFIXES:
        if low.startswith(prefix) and len(low) > len(prefix) + 2:
            return last[len(prefix):]
    return last


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    return "person:" + (translit(surname(name), final_vowels=False) or slug(name))


@lru_cache(maxsize=65536)
def mention_key(name: str, label: str) -> str:
    """The canonical key of ``name`` seen with NER ``label`` (PERSON, ORG, GPE, LOC, NORP)."""
    if label == "PERSON":
        return person_key(name)
    if label in PLACE_LABELS or label == "NORP":
        place = country_key(name) if label == "NORP" else place_key(name)
        if place:
            return place
        return ("gpe:" if label in PLACE_LABELS else "norp:") + slug(name)
    return label.lower() + ":" + slug(name)


def entity_keys_for(name: str) -> tuple[str, ...]:
    """Every key ``name`` could have, most likely first (for a user's ``--entity`` query)."""
    place = place_key(name)
    keys = [place] if place else []
    keys += [person_key(name), "org:" + slug(name), "gpe:" + slug(name), "norp:" + slug(name)]
    return tuple(dict.fromkeys(k for k in keys if not k.endswith(":")))


def entity_key_for(name: str) -> str:
    """The most likely key of a user-typed name: a country if it is one, else a person."""
    return entity_keys_for(name)[0]


# -- corpus-level entities --------------------------------------------------------------


def first_names_compatible(a: str, b: str) -> bool:
    """True when two given names may be the same person's ("Alexander"/"Alyaksandr", "" with any)."""
    if not a or not b:
        return True
    sa, sb = skeleton(a), skeleton(b)
    initial = len(a.rstrip(".")) == 1 or len(b.rstrip(".")) == 1
    return sa == sb or initial and translit(a)[:1] == translit(b)[:1]


def _given_name(name: str) -> str:
    words = name.split()
    return words[0] if len(words) > 1 else ""


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {"gpe:" + _readable(name): name for name, _, _ in countries()}


def _display(forms: Counter[str], label: str) -> str:
    return display_name(forms, full_name_first=label == "PERSON")


def _accents(text: str) -> int:
    return sum(1 for c in text if ord(c) > 127 and c.isalpha())


def display_name(forms: Mapping[str, int], full_name_first: bool = True) -> str:
    """The name to show for an entity seen in these surface forms (form -> count).

    Forms that differ only in diacritics are one spelling: their counts add up, and the form
    with the diacritics is shown ("Anton Březa" over "Anton Breza": folding to ASCII loses
    letters, never adds them), in mixed case rather than a dateline's capitals. Among spellings, a multi-word one first (when
    ``full_name_first``), then the most frequent, then the longest.
    """
    spellings: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        spellings[fold(form)].append(form)
    total = {k: sum(forms[f] for f in fs) for k, fs in spellings.items()}
    multi = (lambda k: len(k.split()) > 1) if full_name_first else (lambda k: False)
    best = max(spellings, key=lambda k: (multi(k), total[k], len(k), k))
    # within one spelling: diacritics first, then mixed case over a dateline's capitals ("HALDEN")
    return max(spellings[best], key=lambda f: (_accents(f), not f.isupper(), forms[f], f))


def _merge_map(groups: dict[str, list[Mention]]) -> dict[str, str]:
    """Person keys merged into a more frequent one with the same skeleton and compatible first names."""
    by_skel: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        if key.startswith("person:"):
            by_skel[re.sub(r"[aeiou]", "", key)].append(key)
    merged: dict[str, str] = {}
    for keys in by_skel.values():
        keys.sort(key=lambda k: (-len(groups[k]), k))
        main = keys[0]
        main_first = {_given_name(m.text) for m in groups[main]} - {""}
        for other in keys[1:]:
            firsts = {_given_name(m.text) for m in groups[other]} - {""}
            if firsts and main_first and all(first_names_compatible(a, b) for a in firsts for b in main_first):
                merged[other] = main
    return merged


def build_entities(articles: Iterable[AnalysedArticle]) -> list[Entity]:
    """Corpus-level entity list: one :class:`Entity` per canonical key, most mentioned first."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for art in articles:
        for m in art.mentions:
            groups[m.key].append(m)
    merged = _merge_map(groups)
    for other, main in merged.items():
        groups[main].extend(groups.pop(other))
    out = []
    for key, ms in groups.items():
        labels = Counter("GPE" if key.startswith("gpe:") else m.label for m in ms)
        label = labels.most_common(1)[0][0]
        forms = Counter(m.text for m in ms)
        roles = Counter(m.role for m in ms if m.role)
        names = Counter(m.text for m in ms if m.label != "NORP") or forms  # "Belarus", not "Belarusian"
        out.append(Entity(
            key=key, name=_country_names().get(key) or _display(names, label), label=label,
            aliases=tuple(sorted(forms)), roles=tuple(r for r, _ in roles.most_common()), count=len(ms),
        ))
    out.sort(key=lambda e: (-e.count, e.key))
    return out
