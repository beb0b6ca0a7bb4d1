"""Prints, as JSON, the rows of every sheet of an XLSX file (argv[1]), read by openpyxl:
{"sheets": {name: [[cell, ...], ...]}}."""
import json
import sys

from openpyxl import load_workbook


def main(path):
    book = load_workbook(path, read_only=True)
    sheets = {}
    for sheet in book.worksheets:
        sheets[sheet.title] = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    print(json.dumps({"sheets": sheets}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
