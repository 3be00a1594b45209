#!/usr/bin/env python3
"""Size of a single-file elasticlunr-style search index of the pages a Guidepost build indexed.

    python3 bench/elasticlunr_size.py PUBLIC_DIR

For comparison with Pagefind (bench/search.sh): it reads the pages Pagefind indexed from
PUBLIC_DIR/pagefind/fragment/*.pf_fragment and pagefind/part-N/fragment/*.pf_fragment (gzip of
"pagefind_dcd" + JSON: url, title, text), so both indexes hold exactly the same pages and text, and
builds what elasticlunr.js (Zola's `search_index.<lang>.js`) would ship in one file: the document
store (title and body of every page, needed to show results) plus one character trie per field
whose nodes carry the documents and term frequency of each token. Tokens are lowercased words
without English stop words; no stemmer is applied, which makes the vocabulary a little larger than
elasticlunr's. Prints the raw and gzip sizes in bytes: a reader downloads all of it before the
first result.
"""

import glob
import gzip
import json
import math
import os
import re
import sys

STOP_WORDS = set(
    """a able about across after all almost also am among an and any are as at be because been
    but by can cannot could dear did do does either else ever every for from get got had has have
    he her hers him his how however i if in into is it its just least let like likely may me might
    most must my neither no nor not of off often on only or other our own rather said say says she
    should since so some than that the their them then there these they this tis to too twas us
    wants was we were what when where which while who whom why will with would yet you your""".split()
)
TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def pages(public):
    # Every part of the index: pagefind/fragment/ and pagefind/part-N/fragment/.
    for path in sorted(glob.glob(os.path.join(public, "pagefind", "**", "fragment", "*.pf_fragment"), recursive=True)):
        with gzip.open(path) as f:
            data = f.read()
        if not data.startswith(b"pagefind_dcd"):
            sys.exit(f"{path}: not a Pagefind fragment")
        record = json.loads(data[len(b"pagefind_dcd"):])
        yield record["url"], record["meta"].get("title", ""), record["content"]


def tokens(text):
    return [t for t in TOKEN.findall(text.lower()) if t not in STOP_WORDS]


def add(trie, token, ref, tf):
    node = trie
    for ch in token:
        node = node.setdefault(ch, {"docs": {}, "df": 0})
    if ref not in node["docs"]:
        node["df"] += 1
    node["docs"][ref] = {"tf": round(math.sqrt(tf), 3)}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    public = sys.argv[1]
    fields = {"title": {"docs": {}, "df": 0}, "body": {"docs": {}, "df": 0}}
    docs, info = {}, {}
    for url, title, body in pages(public):
        docs[url] = {"body": body, "id": url, "title": title}
        info[url] = {}
        for name, text in (("title", title), ("body", body)):
            words = tokens(text)
            info[url][name] = len(words)
            counts = {}
            for w in words:
                counts[w] = counts.get(w, 0) + 1
            for w, n in counts.items():
                add(fields[name], w, url, n)
    if not docs:
        sys.exit(f"no Pagefind fragments under {public}/pagefind/")
    index = {
        "version": "0.9.5",
        "fields": ["title", "body"],
        "ref": "id",
        "pipeline": ["trimmer", "stopWordFilter", "stemmer"],
        "index": {name: {"root": trie} for name, trie in fields.items()},
        "documentStore": {"docs": docs, "docInfo": info, "length": len(docs), "save": True},
    }
    text = "window.searchIndex = " + json.dumps(index, ensure_ascii=False, separators=(",", ":")) + ";"
    raw = text.encode("utf-8")
    print(f"elasticlunr-pages {len(docs)}")
    print(f"elasticlunr-bytes {len(raw)}")
    print(f"elasticlunr-gzip-bytes {len(gzip.compress(raw, 9))}")


if __name__ == "__main__":
    main()
