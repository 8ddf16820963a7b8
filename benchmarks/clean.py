"""Clean-stage benchmark on the article-extraction benchmark's dev pages (../shared/aeb).

Prints JSON: F1 / precision / recall (the benchmark's shingle metric,
dateline.evaluate.extraction) and seconds per page for

- plain-text dumps (``txt/``, made with html-text): keep everything, jusText on the lines
  wrapped as ``<p>``, dateline cross-validated (5 folds of pages: the line model is fitted on
  four folds and scores the fifth), and dateline with the shipped model (fitted on all these
  pages: shown for reference only, not a fair figure);
- the same pages dumped by two other converters made here (an lxml block-per-line dump
  without blank lines, and BeautifulSoup ``get_text("\\n")`` which breaks at every tag),
  scored with the models fitted on the html-text dumps of the other folds;
- HTML: trafilatura ``extract`` with default settings, and dateline's HTML path.

    .venv/bin/python benchmarks/clean.py [--quick]     # --quick: skip cross-validation
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_clean as T  # noqa: E402

from dateline.clean import clean  # noqa: E402
from dateline.clean.lines import page_stopwords, words  # noqa: E402
from dateline.clean.model import TreeModel  # noqa: E402
from dateline.clean.textclean import clean_plain  # noqa: E402
from dateline.data import RawDocument  # noqa: E402
from dateline.evaluate.extraction import evaluate  # noqa: E402

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
    ]
)
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe")


def lxml_dump(html: str) -> str:
    """One line per block element, no blank lines, <head> left out (a layout unlike html-text's)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml refuses empty or XML-declared documents
        return ""
    for bad in root.xpath("//" + " | //".join(DROP_TAGS) + " | //head"):
        bad.drop_tree()
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = " ".join(" ".join(buf).split())
        if line:
            out.append(line)
        buf.clear()

    def walk(el: lxml.html.HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in BLOCK_TAGS:
            flush()
        if el.text and tag:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if tag in BLOCK_TAGS:
            flush()

    walk(root)
    flush()
    return "\n".join(out)


def bs4_dump(html: str) -> str:
    """BeautifulSoup's ``get_text("\\n")``: a line break at every tag, inline links included."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for bad in soup(list(DROP_TAGS)):
        bad.decompose()
    lines = [" ".join(ln.split()) for ln in soup.get_text("\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def justext_lines(text: str, english: bool = False) -> str:
    """jusText on the lines wrapped as ``<p>``, with the stop list of the page's language (the best of
    the same few languages dateline's cleaner considers) or, with ``english``, the English one."""
    import justext

    html = "".join(f"<p>{_escape(ln)}</p>" for ln in text.splitlines() if ln.strip()) or "<p></p>"
    stop = justext.get_stoplist("English") if english else page_stopwords(words(text))
    paras = justext.justext(html.encode("utf-8"), stop)
    return "\n\n".join(p.text for p in paras if not p.is_boilerplate)


def _escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def trafilatura_default(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


def score(pages: Sequence[T.Page], predict: Callable[[T.Page], str]) -> dict[str, float | int]:
    started = time.perf_counter()
    preds = {p.id: predict(p) for p in pages}
    elapsed = time.perf_counter() - started
    result = evaluate((p.truth, preds[p.id]) for p in pages).to_dict()
    result["seconds_per_page"] = round(elapsed / max(1, len(pages)), 4)
    return result


def cross_validated(pages: Sequence[T.Page], inputs: dict[str, dict[str, str]]) -> dict[str, dict]:
    """Fit on the html-text dumps of four folds; clean every input layout of the fifth."""
    preds: dict[str, dict[str, str]] = {name: {} for name in inputs}
    seconds: dict[str, float] = dict.fromkeys(inputs, 0.0)
    for k in range(T.FOLDS):
        model = T.fit([p for p in pages if T.fold_of(p.id) != k])
        for name, texts in inputs.items():
            for p in pages:
                if T.fold_of(p.id) == k:
                    started = time.perf_counter()
                    preds[name][p.id] = _plain(p.id, texts[p.id], model)
                    seconds[name] += time.perf_counter() - started
    out = {}
    for name in inputs:
        res = evaluate((p.truth, preds[name][p.id]) for p in pages).to_dict()
        res["seconds_per_page"] = round(seconds[name] / len(pages), 4)
        out[name] = res
    return out


def _plain(page_id: str, text: str, model: TreeModel | None = None) -> str:
    return clean_plain(RawDocument(path=page_id, fmt="text", content=text), frozenset(), model).text


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the cross-validated runs")
    args = ap.parse_args(argv)
    if not T.AEB.exists():
        print(json.dumps({"error": f"no benchmark pages at {T.AEB}"}))
        return 2
    pages = T.load_pages()
    html = {p.id: T.read_html(p.html_path) for p in pages}
    dumps = {
        "txt": {p.id: p.text for p in pages},
        "lxml_blocks": {p.id: lxml_dump(html[p.id]) for p in pages},
        "bs4_get_text": {p.id: bs4_dump(html[p.id]) for p in pages},
    }
    report: dict[str, object] = {"pages": len(pages), "metric": "4-word shingles, per-page normalised (aeb)"}
    for name, texts in dumps.items():
        report[name] = {
            "keep_everything": score(pages, lambda p, t=texts: t[p.id]),
            "justext_lines_as_p": score(pages, lambda p, t=texts: justext_lines(t[p.id])),
            "justext_lines_as_p_english": score(
                pages, lambda p, t=texts: justext_lines(t[p.id], english=True)
            ),
            "dateline_shipped_model_not_cv": score(pages, lambda p, t=texts: _plain(p.id, t[p.id])),
        }
    if not args.quick:
        for name, res in cross_validated(pages, dumps).items():
            report[name]["dateline_cv5"] = res  # type: ignore[index]
    report["html"] = {
        "trafilatura_extract_default": score(pages, lambda p: trafilatura_default(html[p.id])),
        "dateline": score(
            pages, lambda p: clean(RawDocument(path=p.id, fmt="html", content=html[p.id])).text
        ),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
