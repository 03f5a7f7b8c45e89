#!/usr/bin/env python3
"""Checks web/i18n: every catalogue has the same keys with non-empty text, and every message
key the front end uses (data-i18n* attributes in HTML, key literals in the JS) exists.

Usage: i18n_keys_check.py WEB_DIR. Prints what is wrong and exits 1, else a summary line."""
import json
import pathlib
import re
import sys

KEY = r"[a-z][a-z_]*\.[a-z0-9_]+"
HTML_KEY = re.compile(r'data-i18n(?:-placeholder|-label)?="(' + KEY + r')"')
# In JS a message key is a single-quoted literal of the form area.name (t('x.y'),
# i18n: 'x.y', card('x.y', ...)); keys built at run time are written `area.${...}`.
JS_KEY = re.compile(r"'(" + KEY + r")'")
JS_PREFIX = re.compile(r"`([a-z][a-z_]*)\.\$\{")


def main(web: pathlib.Path) -> int:
    problems = []
    catalogues = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((web / "i18n").glob("*.json"))}
    if set(catalogues) != {"en", "zh-CN"}:
        problems.append(f"expected catalogues en and zh-CN, found {sorted(catalogues)}")
    keys = {name: set(c) for name, c in catalogues.items()}
    en = keys.get("en", set())
    for name, ks in keys.items():
        for k in sorted(en - ks):
            problems.append(f"{name}.json lacks {k}")
        for k in sorted(ks - en):
            problems.append(f"{name}.json has {k}, which en.json lacks")
        for k, v in catalogues[name].items():
            if not isinstance(v, str) or not v.strip():
                problems.append(f"{name}.json: {k} is empty or not a string")

    used, prefixes = {}, {}
    for path in sorted(web.rglob("*.html")):
        for k in HTML_KEY.findall(path.read_text(encoding="utf-8")):
            used.setdefault(k, path)
    for path in sorted(web.rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        for k in JS_KEY.findall(text):
            used.setdefault(k, path)
        for p in JS_PREFIX.findall(text):
            prefixes.setdefault(p, path)
    for k, path in sorted(used.items()):
        if k not in en:
            problems.append(f"{path.relative_to(web)} uses {k}, which en.json lacks")
    for p, path in sorted(prefixes.items()):
        if not any(k.startswith(p + ".") for k in en):
            problems.append(f"{path.relative_to(web)} builds keys {p}.*, and en.json has none")

    for p in problems:
        print(p)
    print(f"i18n: {len(en)} keys, {len(used)} used literally, {len(prefixes)} key families; "
          f"{0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
