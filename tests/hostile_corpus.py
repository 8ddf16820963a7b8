"""A hostile-input corpus, written into a folder by :func:`build` (nothing big is committed).

Each :class:`Case` is one input the reader meets: a good document that must be stored (it holds
a made-up town name found in no other case, so a search proves it went in exactly once), a bad
one that must be reported with a reason holding one of ``words``, or a page that holds no
article text at all. The articles are short local news items written for these tests.
Used by ``tests/test_hostile_inputs.py`` and ``benchmarks/faults.py``.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

GOOD, BAD, NO_TEXT, DUPLICATE = "good", "bad", "no article text", "duplicate"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """``name``: the file (bytes names are given by their display form) plus ``#L<n>`` / ``#R<n>``
    for a line or record; ``file``: the file on disk; ``http``: whether it can be uploaded."""

    name: str
    expect: str
    words: tuple[str, ...] = ()
    file: str = ""
    http: bool = True

    @property
    def key(self) -> str:
        """For a good case, the town name it holds; for a bad one, nothing."""
        return self.words[0] if self.expect == GOOD else ""


def article(town: str, n: int = 0) -> str:
    """A short news story set in ``town`` (five stories, chosen by ``n``)."""
    stories = [
        f"{town} council approves new footbridge\n\nThe {town} town council voted 7-2 on Tuesday to build a "
        "footbridge over the railway line, ending four years of debate.\n\nThe bridge will cost about "
        f"£2.4 million and should open in the spring of 2026, council leader Mary Holt said.\n\n\"People "
        f"have waited long enough,\" Holt said after the vote.",
        f"Floods close main road in {town}\n\nHeavy rain on Sunday night flooded the main road through "
        f"{town}, and police closed it for most of Monday.\n\nAbout forty homes lost power for several "
        "hours, the electricity company said. The river is expected to fall by Wednesday.",
        f"{town} bakery wins national prize\n\nA family bakery in {town} won the national sourdough prize "
        "on Friday, beating 312 other entries.\n\n\"We did not expect it at all,\" said owner Pedro Alves, "
        "whose grandfather opened the shop in 1962.",
        f"School in {town} to reopen after fire\n\nThe primary school in {town} will reopen on September "
        "4, five months after a fire destroyed its hall, the county said on Thursday.\n\nPupils have been "
        "taught in portable classrooms since April.",
        f"Bus strike ends in {town}\n\nBus drivers in {town} returned to work on Saturday after accepting "
        "a 5 percent pay rise, ending an eleven-day strike.\n\nThe union said the deal also limits split "
        "shifts. Services were back to normal by Sunday evening.",
    ]
    return stories[n % len(stories)]


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _deflate_repeated(block: bytes, times: int) -> bytes:
    """gzip of ``block * times`` without ever holding the expanded data."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [comp.compress(block) for _ in range(times)]
    return b"".join(parts) + comp.flush()


def _warc_record(headers: dict[str, str], block: bytes) -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"WARC/1.0\r\n{head}Content-Length: {len(block)}\r\n\r\n".encode() + block + b"\r\n\r\n"


def _response(n: int, block: bytes, uri: str | None = "https://news.example.org/{n}") -> bytes:
    headers = {"WARC-Type": "response", "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>",
               "WARC-Date": "2024-03-01T10:00:00Z", "Content-Type": "application/http; msgtype=response"}
    if uri:
        headers["WARC-Target-URI"] = uri.format(n=n)
    return _warc_record(headers, block)


def _http(body: str, ctype: str = "text/html; charset=utf-8") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body.encode()


def _page(town: str, n: int) -> str:
    paras = "".join(f"<p>{p}</p>" for p in article(town, n).split("\n\n")[1:])
    title = article(town, n).split("\n")[0]
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href='/'>Home</a>"
            f"<a href='/news'>News</a></nav><article><h1>{title}</h1>{paras}</article>"
            "<footer>© Example News</footer></body></html>")


def _jsonl(*records: object) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def _record(town: str, n: int, **extra: object) -> dict[str, object]:
    text = article(town, n)
    return {"title": text.split("\n")[0], "source": "Example News", "text": text, **extra}


def _files() -> tuple[dict[str, bytes], list[Case]]:
    """Regular files (name -> bytes) and the cases they hold."""
    files: dict[str, bytes] = {}
    cases: list[Case] = []

    def good(name: str, data: bytes, town: str) -> None:
        files[name] = data
        cases.append(Case(name, GOOD, (town,), name))

    def bad(name: str, data: bytes, *words: str) -> None:
        files[name] = data
        cases.append(Case(name, BAD, words, name))

    # -- good documents in every encoding and container ------------------------------------
    good("plain.txt", article("Ashcombe", 0).encode(), "Ashcombe")
    good("windows_lines.txt", article("Brackenford", 1).replace("\n", "\r\n").encode(), "Brackenford")
    good("old_mac_lines.txt", article("Calderbrook", 2).replace("\n", "\r").encode(), "Calderbrook")
    good("utf8_bom.txt", codecs.BOM_UTF8 + article("Dunmere", 3).encode(), "Dunmere")
    good("utf16_bom.txt", article("Eastholme", 4).encode("utf-16"), "Eastholme")
    good("utf16le_no_bom.txt", article("Fenwick Cross", 0).encode("utf-16-le"), "Fenwick")
    good("utf16be_no_bom.txt", article("Garthwaite", 1).encode("utf-16-be"), "Garthwaite")
    good("windows1252.txt", article("Hollins Café", 2).encode("cp1252"), "Hollins")
    # Mixed encodings: UTF-8 with one Windows-1252 line pasted in.
    good("mixed_encodings.txt", article("Ivybridge Müller", 3).encode() + "\nPrix: 5 € – fin\n".encode("cp1252"),
         "Ivybridge")
    good("stray_nul_bytes.txt", article("Jarrowby", 4).encode().replace(b"Bus drivers", b"Bus\x00 drivers", 1),
         "Jarrowby")
    good("zero_width_and_tabs.txt", article("Kelsworth", 0).replace(" the ", "\u200b the \t").encode(), "Kelsworth")
    good("page.html", _page("Lindfield", 1).encode(), "Lindfield")
    good("PAGE_UPPER.HTM", _page("Moorgate", 2).encode(), "Moorgate")
    good("page_without_suffix", _page("Netherby", 3).encode(), "Netherby")
    good("story.txt.gz", _gz(article("Oakhampstead", 4).encode()), "Oakhampstead")
    good("two_members.txt.gz", _gz(article("Pellingham", 0).encode()[:90]) + _gz(article("Pellingham", 0).encode()[90:]),
         "Pellingham")
    good("Ünïcödé name 名前.txt", article("Quarrendon", 1).encode(), "Quarrendon")
    good("name with spaces & (brackets).txt", article("Rushmere", 2).encode(), "Rushmere")
    nested_ok = "<div>" * 3000 + "".join(f"<p>{p}</p>" for p in article("Sallowfield", 3).split("\n\n")) + "</div>" * 3000
    good("deeply_nested_article.html", f"<html><body>{nested_ok}</body></html>".encode(), "Sallowfield")
    files["plain_copy.txt"] = files["plain.txt"]
    cases.append(Case("plain_copy.txt", DUPLICATE, (), "plain_copy.txt"))

    # -- JSONL: good lines beside every kind of bad line -----------------------------------
    files["feed.jsonl"] = _jsonl(
        _record("Thornaby", 0),  # 1 good
        {"text": 12345, "title": "Numbers are not text"},  # 2 wrong type for text
        _record("Upperwood", 1, title=["a", "list"]),  # 3 wrong type for title
        [1, 2, 3],  # 4 not an object
        None,  # 5 null
        b'{"title": "Half a line", "text": "The council said',  # 6 malformed JSON
        b"",  # 7 blank: ignored
        b'{"title": "Caf\xe9", "text": "Not UTF-8: caf\xe9 au lait."}',  # 8 invalid UTF-8
        _record("Vexley", 2, html="".join(f"<p>{p}</p>" for p in article("Vexley", 2).split("\n\n"))),  # 9 good
        {"title": "Headline only", "source": "Example News"},  # 10 no body
    ) + b'{"title": "Cut off", "text": "The last line of the file was trunc'  # 11 truncated last line
    cases += [
        Case("feed.jsonl#L1", GOOD, ("Thornaby",), "feed.jsonl"),
        Case("feed.jsonl#L2", BAD, ('"text"',), "feed.jsonl"),
        Case("feed.jsonl#L3", BAD, ("title", "string"), "feed.jsonl"),
        Case("feed.jsonl#L4", BAD, ("object",), "feed.jsonl"),
        Case("feed.jsonl#L5", BAD, ("object",), "feed.jsonl"),
        Case("feed.jsonl#L6", BAD, ("JSON",), "feed.jsonl"),
        Case("feed.jsonl#L8", BAD, ("UTF-8",), "feed.jsonl"),
        Case("feed.jsonl#L9", GOOD, ("Vexley",), "feed.jsonl"),
        Case("feed.jsonl#L10", BAD, ('"text"',), "feed.jsonl"),
        Case("feed.jsonl#L11", BAD, ("JSON",), "feed.jsonl"),
    ]
    files["feed.jsonl.gz"] = _gz(_jsonl(_record("Westerleigh", 3)))
    cases.append(Case("feed.jsonl.gz#L1", GOOD, ("Westerleigh",), "feed.jsonl.gz"))
    files["long_line.jsonl"] = _jsonl(_record("Yarcombe", 4), {"text": "word " * (2 * MB)})
    cases += [Case("long_line.jsonl#L1", GOOD, ("Yarcombe",), "long_line.jsonl"),
              Case("long_line.jsonl#L2", BAD, ("limit",), "long_line.jsonl")]
    bad("empty.jsonl", b"\n\n   \n", "empty")
    # 300 MB of blank lines in about 300 KB: must stop early, with a reason.
    bad("bomb.jsonl.gz", _deflate_repeated(b" \n" * (MB // 2), 300), "bomb", "limit")

    # -- WARC: good records around a broken one, and broken files ---------------------------
    warc = (_response(0, _http(_page("Zennor Bay", 0))) + _response(1, _http(_page("Aldwick", 1)), uri=None)
            + _response(2, _http(_page("Bexhill Row", 2))))
    files["crawl.warc"] = warc
    cases += [Case("crawl.warc#R0", GOOD, ("Zennor",), "crawl.warc"),
              Case("crawl.warc#R1", BAD, ("WARC-Target-URI",), "crawl.warc"),
              Case("crawl.warc#R2", GOOD, ("Bexhill",), "crawl.warc")]
    files["crawl.warc.gz"] = _gz(_response(0, _http(_page("Colyford", 3))))
    cases.append(Case("crawl.warc.gz#R0", GOOD, ("Colyford",), "crawl.warc.gz"))
    files["cut_short.warc"] = _response(0, _http(_page("Aldwick", 4)))[:300]
    cases.append(Case("cut_short.warc#R0", BAD, ("truncated",), "cut_short.warc"))
    bad("not_a_crawl.warc", b"This is a note about the crawl, not a WARC file.\n" * 5, "not a WARC")
    bad("images_only.warc", _response(0, _http("\x89PNG not really", "image/png")), "none of its")

    # -- bad single files --------------------------------------------------------------------
    bad("empty.txt", b"", "empty")
    bad("whitespace_only.txt", b"  \n\t\n \r\n  ", "empty")
    bad("image_named.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes((i * 97 + 13) % 256 for i in range(4096)),
        "binary")
    bad("random_bytes.bin", bytes((i * 7919 + i // 3) % 256 for i in range(20000)), "binary", "UTF-8")
    bad("control_chars.txt", bytes(range(1, 9)) * 500, "binary")
    bad("truncated.txt.gz", _gz(article("Aldwick", 0).encode() * 3)[:40], "truncated")
    corrupt = bytearray(_gz(article("Aldwick", 1).encode() * 3))
    corrupt[30:60] = bytes(30)
    bad("corrupt.txt.gz", bytes(corrupt), "gzip")
    bad("not_gzip.txt.gz", b"This file says .gz but it is plain text.\n", "gzip")
    bad("bomb.txt.gz", _deflate_repeated(b"a" * MB, 200), "limit")
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"0" * (50 * MB))
    bad("bomb.zip", zbuf.getvalue(), "zip")
    bad("one_10mb_line.txt", b"word " * (2 * MB), "MB")
    bad("one_10mb_line.html", b"<p>" + b"x" * (10 * MB) + b"</p>", "MB")

    # -- pages that hold no article text -----------------------------------------------------
    def no_text(name: str, data: bytes) -> None:
        files[name] = data
        cases.append(Case(name, NO_TEXT, ("article text", "no text"), name))

    no_text("script_only.html", b"<html><head><script>var x = 1; function f() { return x * 2; }</script>"
            b"</head><body><script>document.write('hello ' + f());</script></body></html>")
    no_text("style_only.html", b"<html><head><style>body { color: red; } p { margin: 0 }</style></head>"
            b"<body><style>.a { display: none }</style></body></html>")
    no_text("chrome_only.txt", b"Subscribe\nShare\nSign up for our newsletter\nFollow us\nCookie settings\n"
            b"Privacy policy\nTerms of use\n")
    no_text("nested_one_letter.html", b"<html><body>" + b"<div>" * 5000 + b"x" + b"</div>" * 5000 + b"</body></html>")
    return files, cases


def build(folder: Path, big: bool = True) -> list[Case]:
    """Write the corpus into ``folder`` and return its cases. ``big`` adds the 100 MB text file."""
    folder.mkdir(parents=True, exist_ok=True)
    files, cases = _files()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if big:
        line = b"The quick brown fox jumped over the lazy dog near the harbour wall again today.\n"
        with open(folder / "huge_100mb.txt", "wb") as fh:
            block = line * (MB // len(line))
            for _ in range(100 * MB // len(block)):
                fh.write(block)
        cases.append(Case("huge_100mb.txt", BAD, ("MB",), "huge_100mb.txt", http=False))
    cases += _special(folder)
    return cases


def _special(folder: Path) -> list[Case]:
    """Things only a file system has: odd names, links, a pipe, an unreadable file."""
    cases = []
    (folder / "new\nline.txt").write_bytes(article("Dowlish", 2).encode())
    cases.append(Case("new\\nline.txt", GOOD, ("Dowlish",), "new\nline.txt", http=False))
    with open(os.fsencode(folder) + b"/latin1 name \xe9t\xe9.txt", "wb") as fh:
        fh.write(article("Elmswell", 3).encode())
    cases.append(Case("latin1 name \\xe9t\\xe9.txt", GOOD, ("Elmswell",), os.fsdecode(b"latin1 name \xe9t\xe9.txt"),
                      http=False))
    os.symlink("loop_b", folder / "loop_a")
    os.symlink("loop_a", folder / "loop_b")
    cases += [Case("loop_a", BAD, ("symbolic link",), http=False), Case("loop_b", BAD, ("symbolic link",), http=False)]
    os.symlink(".", folder / "folder_loop")  # a link to its own folder: not followed
    os.symlink("no_such_target.txt", folder / "dangling.txt")
    cases.append(Case("dangling.txt", BAD, ("no such file", "cannot read"), http=False))
    os.symlink("plain.txt", folder / "link_to_plain.txt")  # the same file twice: read once, not reported
    os.mkfifo(folder / "named_pipe.txt")
    cases.append(Case("named_pipe.txt", BAD, ("named pipe",), http=False))
    locked = folder / "locked.txt"
    locked.write_bytes(article("Fairlight", 3).encode())
    locked.chmod(0)
    if not os.access(locked, os.R_OK):  # root reads it anyway: then it is not a bad case
        cases.append(Case("locked.txt", BAD, ("permission",), http=False))
    else:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
        cases.append(Case("locked.txt", GOOD, ("Fairlight",), http=False))
    return cases
