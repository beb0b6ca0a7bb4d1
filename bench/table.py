"""Prints the rows bench/all.sh collected (a TSV file) as one aligned Markdown table.

    python3 bench/table.py ROWS.tsv

Each row: workload, connections, result, result number, p50, p99, errors, ceiling, ceiling
number. The ratio is result number / ceiling number, as a percentage.
"""

import sys

header = ["workload", "connections", "result", "p50", "p99", "errors", "ceiling", "ratio"]
rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        workload, conns, result, result_n, p50, p99, errors, ceiling, ceiling_n = line.rstrip("\n").split("\t")
        try:
            ratio = f"{100 * float(result_n) / float(ceiling_n):.0f} %"
        except (ValueError, ZeroDivisionError):
            ratio = "—"
        rows.append([workload, conns, result, p50, p99, errors, ceiling, ratio])
widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
right = {1, 3, 4, 5, 7}


def show(cells):
    out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
    print("| " + " | ".join(out) + " |")


show(header)
print("|" + "|".join(("-" * (w + 1) + ":" if i in right else "-" * (w + 2)) for i, w in enumerate(widths)) + "|")
for r in rows:
    show(r)
