"""Time the XLSForm import of the largest corpus form against pyxform's own parse of it.

Both run in the same process, interleaved, on the same file: `read_xlsform` (pyxform's
reader and checks, our model, expression checks) and pyxform's public "XLSForm -> JSON"
entry, `pyxform.xls2json.parse_file_to_json`. Also times importing the whole corpus once.
Prints one JSON object.

    python benchmarks/bench_form_import.py [--form large_cha.xlsx] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpus" / "xlsforms"

if str(PROJECT) not in sys.path:  # run as a script from any folder
    sys.path.insert(0, str(PROJECT))


def _time(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--form", default="large_cha.xlsx", help="corpus file to time")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each reader")
    args = parser.parse_args(argv)

    form = CORPUS / args.form
    if not form.is_file():
        print(json.dumps({"error": f"corpus form not found: {form}"}))
        return 2

    import pyxform
    from pyxform.xls2json import parse_file_to_json

    from instruments.xlsform_reader import read_xlsform

    def pyxform_parse() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return parse_file_to_json(str(form))

    instrument, report = read_xlsform(form)  # warm-up: imports, caches
    pyxform_parse()
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(args.runs):
        ours.append(_time(lambda: read_xlsform(form)))
        theirs.append(_time(pyxform_parse))

    corpus_forms = sorted(CORPUS.glob("*.xlsx"))
    corpus_seconds = _time(lambda: [read_xlsform(path) for path in corpus_forms])

    counts = instrument.question_count_by_type("xlsform")
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(
        json.dumps(
            {
                "benchmark": "form_import",
                "form": args.form,
                "survey_rows": sum(counts.values()),
                "questions": sum(1 for _ in instrument.walk()),
                "downgrades": len(report.downgrades),
                "warnings": len(report.warnings),
                "runs": args.runs,
                "fieldnotes_read_xlsform_s": {
                    "median": round(ours_median, 4),
                    "min": round(min(ours), 4),
                    "max": round(max(ours), 4),
                },
                "pyxform_parse_file_to_json_s": {
                    "median": round(theirs_median, 4),
                    "min": round(min(theirs), 4),
                    "max": round(max(theirs), 4),
                },
                "ratio_median": round(ours_median / theirs_median, 2),
                "corpus_forms": len(corpus_forms),
                "corpus_import_total_s": round(corpus_seconds, 3),
                "pyxform_version": pyxform.__version__,
                "python": platform.python_version(),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
