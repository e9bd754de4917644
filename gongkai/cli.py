"""The ``gongkai`` command: extract | explain | build | ui | report.

``extract`` and ``explain`` need no Dagster and no database. ``build`` and ``ui`` import the
orchestration layer lazily so that extraction stays fast to start.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def _cmd_extract(a: argparse.Namespace) -> int:
    from .pipeline import extract_paths

    missing = [p for p in a.paths if not Path(p).exists()]
    if missing:
        print(f"gongkai extract: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    jobs = a.jobs if a.jobs > 0 else (os.cpu_count() or 1)
    out = sys.stdout
    for rec in extract_paths(a.paths, jobs=jobs):
        out.write(json.dumps(rec.to_json(), ensure_ascii=False))
        out.write("\n")
    out.flush()
    return 0


def _cmd_explain(a: argparse.Namespace) -> int:
    from .pipeline import extract_file

    path = Path(a.file)
    if not path.is_file():
        print(f"gongkai explain: no such file: {a.file}", file=sys.stderr)
        return 2
    rec = extract_file(path, a.file)
    print(f"{rec.file}: status {rec.status}, template {rec.template}, agency {rec.meta.agency}, "
          f"report_year {rec.meta.report_year}")
    codes = a.codes or sorted(rec.cells) + list(rec.figures) + list(rec.uncertain)
    for code in codes:
        if code in rec.cells:
            v = rec.cells[code]
            print(f"  cell   {code} = {v.value:g}  read from {v.raw!r} ({v.source}, {v.where})")
        elif code in rec.figures:
            v = rec.figures[code]
            print(f"  figure {code} = {v.value:g}  from {v.raw!r} ({v.source}, {v.where})")
        elif code in rec.uncertain:
            u = rec.uncertain[code]
            print(f"  uncertain {code}: {u.raw!r} ({u.where}): {u.reason}")
        else:
            print(f"  {code}: not stated in this document")
    for p in rec.problems:
        print(f"  problem [{p.severity}] {p.check}: {p.message}")
    return 0


def _cmd_build(a: argparse.Namespace) -> int:
    from orchestration.build import run_build

    return run_build(input_dir=Path(a.input), output_dir=Path(a.output), years=a.years, quiet=a.quiet)


def _cmd_ui(a: argparse.Namespace) -> int:
    from orchestration.build import run_ui

    return run_ui(input_dir=Path(a.input), output_dir=Path(a.output), port=a.port)


def _cmd_report(a: argparse.Namespace) -> int:
    from .report import write_report

    path = write_report(Path(a.output))
    print(f"report written to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="gongkai", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="read report files and print one JSON record per file")
    p.add_argument("paths", nargs="+", help="files or folders (read recursively, in sorted order)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (0 = one per core)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("explain", help="show where each value of one report was read")
    p.add_argument("file")
    p.add_argument("codes", nargs="*", help="cell codes or figure names (default: all stated)")
    p.set_defaults(func=_cmd_explain)

    for name, helptext, func in (
        ("build", "materialize every asset for the given years and publish the mart", _cmd_build),
        ("ui", "start the Dagster UI (dagster dev) on this project", _cmd_ui),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--input", default="data/raw", help="landing zone: <input>/<report_year>/... (default data/raw)")
        p.add_argument("--output", default="data", help="where the warehouse and published mart go (default data)")
        if name == "build":
            p.add_argument("--years", default=None, help="e.g. 2017 or 2017-2020 (default: every year under --input)")
            p.add_argument("--quiet", action="store_true")
        else:
            p.add_argument("--port", type=int, default=3000)
        p.set_defaults(func=func)

    p = sub.add_parser("report", help="write a static HTML report of the published mart")
    p.add_argument("--output", default="data")
    p.set_defaults(func=_cmd_report)

    a = ap.parse_args(argv)
    try:
        return a.func(a)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
