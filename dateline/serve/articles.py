"""JSON views of library objects for the HTTP API (no server paths, no markup)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from dateline.data import AnalysedArticle, DateInterval, Entity, to_json
from dateline.serve.params import public_path


def _interval(value: Any) -> dict[str, Any] | None:
    return value.to_dict() if isinstance(value, DateInterval) else None


def hit_view(hit: Any) -> dict[str, Any]:
    """A search hit: id, file name, title, snippet (plain text), outlet, publication interval."""
    return {
        "id": hit.id,
        "name": public_path(getattr(hit, "path", None)),
        "title": getattr(hit, "title", None),
        "snippet": getattr(hit, "snippet", None),
        "outlet": getattr(hit, "outlet", None),
        "published": _interval(getattr(hit, "published", None)),
    }


def entity_view(ent: Entity) -> dict[str, Any]:
    return {"key": ent.key, "name": ent.name, "label": ent.label, "aliases": list(ent.aliases),
            "roles": list(ent.roles), "count": ent.count}


def _article_entities(aa: AnalysedArticle, known: dict[str, Entity]) -> list[dict[str, Any]]:
    """Entities mentioned in the article, most mentioned first, with the forms used here."""
    counts: Counter[str] = Counter(m.key for m in aa.mentions)
    forms: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for m in aa.mentions:
        forms.setdefault(m.key, set()).add(m.text)
        labels.setdefault(m.key, m.label)
    out = []
    for key, n in counts.most_common():
        ent = known.get(key)
        name = ent.name if ent else max(forms[key], key=len)
        out.append({"key": key, "name": name, "label": ent.label if ent else labels[key],
                    "forms": sorted(forms[key]), "count": n})
    return out


def article_view(aa: AnalysedArticle, known: dict[str, Entity]) -> dict[str, Any]:
    """Everything the article page shows; the text is plain text, for ``textContent`` only."""
    art = aa.article
    return {
        "id": aa.id,
        "name": public_path(art.path),
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
        "entities": _article_entities(aa, known),
        "mentions": [to_json(m) for m in aa.mentions],
        "quotes": [_quote(q, known) for q in aa.quotes],
        "times": [to_json(t) for t in aa.times],
        "published": aa.published.to_dict(),
        "event_date": aa.event_date.to_dict(),
    }


def _quote(q: Any, known: dict[str, Entity]) -> dict[str, Any]:
    ent = known.get(q.speaker or "")
    name = q.speaker_name or (ent.name if ent else q.speaker)
    return {"text": q.text, "speaker": q.speaker, "speaker_name": name, "sentence": q.sentence,
            "start": q.start, "end": q.end}
