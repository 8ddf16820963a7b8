"""The JSON of articles, search hits and entities, built once for the CLI and the HTTP API.

``dateline show/extract --format json`` print :func:`article_dict`; ``/api/v1/articles/{id}``
serves the same object with every ``path`` cut to its file name (the server's folders never
leave the machine). Search hits are :func:`hit_dict` in both. Text is plain text.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dateline.data import AnalysedArticle, Entity, Quote, to_json
from dateline.store.base import SearchHit

if TYPE_CHECKING:
    from dateline.events.stories import Story


def file_name(path: str | None) -> str | None:
    """The file name of a path (``#L3`` line marks and ``upload:`` names kept)."""
    if not path or path.startswith("upload:"):
        return path
    main, sep, member = path.partition("#")
    return os.path.basename(main.rstrip("/\\").replace("\\", "/")) + sep + member


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    """A search hit: id, path and file name, title, snippet (plain text), outlet, publication interval."""
    return {"id": hit.id, "path": hit.path, "name": file_name(hit.path), "title": hit.title,
            "snippet": hit.snippet, "outlet": hit.outlet, "published": hit.published.to_dict()}


def story_dict(story: Story, paths: Mapping[str, str], names_only: bool = False) -> dict[str, Any]:
    """A story: id, label, size, date span, outlets and its articles (id and path; the file name
    only with ``names_only``, as the HTTP API serves it)."""
    def where(aid: str) -> str | None:
        path = paths.get(aid)
        return file_name(path) if names_only else path

    return {"id": story.id, "label": story.label, "size": story.size,
            "start": story.start.isoformat() if story.start else None,
            "end": story.end.isoformat() if story.end else None,
            "outlets": list(story.outlets),
            "articles": [{"id": aid, "path": where(aid)} for aid in story.article_ids]}


def entity_dict(ent: Entity) -> dict[str, Any]:
    return {"key": ent.key, "name": ent.name, "label": ent.label, "aliases": list(ent.aliases),
            "roles": list(ent.roles), "count": ent.count}


def article_entities(aa: AnalysedArticle, known: Mapping[str, Entity]) -> list[dict[str, Any]]:
    """Entities mentioned in the article, most mentioned first, with the forms used here; the
    display name and label are the corpus's where ``known`` has the entity."""
    counts: Counter[str] = Counter(m.key for m in aa.mentions)
    forms: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for m in aa.mentions:
        forms.setdefault(m.key, set()).add(m.text)
        labels.setdefault(m.key, m.label)
    out = []
    for key, n in counts.most_common():
        ent = known.get(key)
        name = ent.name if ent else max(sorted(forms[key]), key=len)
        out.append({"key": key, "name": name, "label": ent.label if ent else labels[key],
                    "forms": sorted(forms[key]), "count": n})
    return out


def quote_dict(q: Quote, aa: AnalysedArticle, known: Mapping[str, Entity]) -> dict[str, Any]:
    """A quote with its speaker (key and display name) and, for a reader, the sentence it sits in."""
    ent = known.get(q.speaker or "")
    name = q.speaker_name or (ent.name if ent else q.speaker)
    sentence = next((s.text for s in aa.sentences if s.index == q.sentence), None)
    return {"text": q.text, "speaker": q.speaker, "speaker_name": name, "sentence": q.sentence,
            "context": sentence, "start": q.start, "end": q.end}


def article_dict(
    aa: AnalysedArticle, known: Mapping[str, Entity] | None = None, paths: Sequence[str] = ()
) -> dict[str, Any]:
    """Everything known about one article: metadata, cleaned text, removed lines with reasons,
    sentences, entities, mentions, quotes, time expressions, dates with evidence. ``paths``
    lists every path its content was read from, where known."""
    known = known or {}
    art = aa.article
    return {
        "id": aa.id,
        "path": art.path,
        "name": file_name(art.path),
        "paths": list(paths),
        "fmt": art.fmt,
        "title": art.title,
        "byline": art.byline,
        "dateline": art.dateline,
        "place": art.place,
        "outlet": art.outlet,
        "url": art.url,
        "text": art.text,
        "stamps": list(art.stamps),
        "captions": list(art.captions),
        "removed": [to_json(r) for r in sorted(art.removed, key=lambda r: r.index)],
        "sentences": [to_json(s) for s in aa.sentences],
        "entities": article_entities(aa, known),
        "mentions": [to_json(m) for m in aa.mentions],
        "quotes": [quote_dict(q, aa, known) for q in aa.quotes],
        "times": [to_json(t) for t in aa.times],
        "published": aa.published.to_dict(),
        "event_date": aa.event_date.to_dict(),
        "problems": list(aa.problems),
    }
