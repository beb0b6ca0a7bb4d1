"""Strict HTML5 parse of standard input (html5lib, as the Rust tests use): exit 1 with the
first parse error on standard error."""
import sys

import html5lib

try:
    html5lib.HTMLParser(strict=True).parse(sys.stdin.read())
except html5lib.html5parser.ParseError as e:
    print(f"html5lib: {e}", file=sys.stderr)
    sys.exit(1)
