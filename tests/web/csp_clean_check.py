#!/usr/bin/env python3
"""Checks that web/ keeps to the server's Content-Security-Policy and needs no CDN: no inline
script, style or event handler in HTML, no HTML strings or eval in JS, no absolute URL to
another host anywhere. The browser would refuse such code; this finds it before a user does.

Usage: csp_clean_check.py WEB_DIR. Prints each problem and exits 1, else a summary line."""
import pathlib
import re
import sys

HTML_RULES = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "a script without src (inline script)"),
    (re.compile(r"<style\b", re.I), "a <style> element (inline style)"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute (inline style)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]
JS_RULES = [
    (re.compile(r"\.(inner|outer)HTML\b"), "HTML built from strings"),
    (re.compile(r"insertAdjacentHTML|document\.write"), "HTML built from strings"),
    (re.compile(r"\beval\s*\(|new\s+Function\s*\("), "code built from strings"),
    (re.compile(r"setAttribute\(\s*['\"]style['\"]|\.style\.cssText"), "an inline style"),
]
# The SVG namespace is a name, not a place the browser fetches from.
EXTERNAL = re.compile(r"(?:https?:)?//(?!www\.w3\.org/2000/svg)[a-z0-9.-]+\.[a-z]{2,}", re.I)


def main(web: pathlib.Path) -> int:
    problems, files = [], 0
    for path in sorted(p for p in web.rglob("*") if p.suffix in {".html", ".js", ".css"}):
        files += 1
        rules = HTML_RULES if path.suffix == ".html" else JS_RULES if path.suffix == ".js" else []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(web)}:{n}"
            for rule, what in rules:
                if rule.search(line):
                    problems.append(f"{where}: {what}: {line.strip()}")
            if EXTERNAL.search(line) and not line.lstrip().startswith(("//", "/*", "*")):
                problems.append(f"{where}: an address on another host: {line.strip()}")
    for p in problems:
        print(p)
    print(f"csp: {files} files; {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
