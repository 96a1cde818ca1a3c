#!/usr/bin/env python3
"""Calibrate the demo generator against seed 003's invoiced table.

Usage: scripts/calibrate-demo.py [ITERATIONS]

Builds vardavtal, generates the scale-1 demo, imports and bills it, and
prints each buyer's invoiced amount for 2021 and 2020 restated (LPIK 1.9 %)
against the seed's. With ITERATIONS > 0 it then rewrites the CAL blocks of
billing/demo/demo_sellers.cpp that many times:
  - base_permille: the 2020 base value that makes the 2020 invoice land on the
    seed (2020 invoice = variable + outliers + items + 0.5 x base value);
  - draw[2021]: the buyer's weight in the 2021 contact draw, scaled by
    (seed 2021 - subscription 2021) / (billed 2021 - subscription 2021).
The seller-wide levers (outlier and item shares) are set by hand. See
billing/demo/README.md.
"""
import csv
import io
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "billing/demo/demo_sellers.cpp")
BIN = os.path.join(ROOT, "build/vardavtal")
CODES = {"Dalarna": "20", "Gävleborg": "21", "Sörmland": "04", "Uppsala": "03",
         "Värmland": "17", "Västmanland": "19", "Örebro län": "18"}
ROW = re.compile(r'\{"(\d\d)", (\d+), (\d+), \{(\d+), (\d+), (\d+)\}, (\d+)\}')


def parse():
    text = open(SRC, encoding="utf-8").read()
    cal = {}
    for seller in ("AS", "USO"):
        block = text[text.index("// CAL-BEGIN " + seller):text.index("// CAL-END " + seller)]
        cal[seller] = {m[0]: {"inv20": int(m[1]), "inv21": int(m[2]),
                              "draw": [int(m[3]), int(m[4]), int(m[5])], "perm": int(m[6])}
                       for m in ROW.findall(block)}
    return text, cal


def write(text, cal):
    for seller, name in (("AS", "kAsBuyers"), ("USO", "kUsoBuyers")):
        a = text.index("// CAL-BEGIN " + seller)
        b = text.index("// CAL-END " + seller)
        body = "// CAL-BEGIN %s\nconstexpr BuyerWeight %s[] = {\n" % (seller, name)
        for code, v in cal[seller].items():
            body += '    {"%s", %d, %d, {%d, %d, %d}, %d},\n' % (
                code, v["inv20"], v["inv21"], *v["draw"], v["perm"])
        text = text[:a] + body + "};\n" + text[b:]
    open(SRC, "w", encoding="utf-8").write(text)


def run(work):
    subprocess.run(["cmake", "--build", os.path.join(ROOT, "build"), "-j4", "--target",
                    "vardavtal"], check=True, stdout=subprocess.DEVNULL)
    db = os.path.join(work, "v.db")
    if os.path.exists(db):
        os.remove(db)
    env = dict(os.environ, VARDAVTAL_DB=db)
    for args in (["generate", "--out", os.path.join(work, "data")], ["init"],
                 ["import", "--quiet", "all", os.path.join(work, "data")],
                 ["bill", "--through", "2021-12"]):
        subprocess.run([BIN] + args, check=True, env=env, stdout=subprocess.DEVNULL)
    splits = {}
    for seller in ("AS", "USO"):
        for year in (2020, 2021):
            out = subprocess.run([BIN, "followup", "invoiced-split", "--seller", seller,
                                  "--year", str(year), "--format", "csv"],
                                 check=True, env=env, capture_output=True, text=True).stdout
            splits[seller, year] = {CODES[r["region"]]: r for r in csv.DictReader(io.StringIO(out))
                                    if r["region"] != "total"}
    return splits


def report(cal, splits):
    worst = 0.0
    for seller in ("AS", "USO"):
        s21, s20 = splits[seller, 2021], splits[seller, 2020]
        for code, v in cal[seller].items():
            a21 = int(s21[code]["invoiced_2021"]) / 1e5
            a20 = int(s20[code]["invoiced_2020"]) * 1.019 / 1e5
            e21, e20 = a21 / v["inv21"] - 1, a20 / v["inv20"] - 1
            worst = max(worst, abs(e21), abs(e20))
            print(f"{seller:3} {code}  2021 {a21:9.0f} / {v['inv21']:7d} {e21 * 100:+6.2f} %"
                  f"   2020 restated {a20:9.0f} / {v['inv20']:7d} {e20 * 100:+6.2f} %")
    print(f"worst {worst * 100:.2f} %")


def step(cal, splits):
    for seller in ("AS", "USO"):
        s21, s20 = splits[seller, 2021], splits[seller, 2020]
        for code, v in cal[seller].items():
            other20 = int(s20[code]["invoiced_2020"]) - int(s20[code]["subscription_2020"])
            target20 = v["inv20"] * 100000 / 1.019  # öre at 2020 prices
            base = 2 * (target20 - other20)  # öre
            v["perm"] = max(1, round(base / 100 * 1019 / (v["inv20"] * 1000)))
            sub21 = int(s21[code]["subscription_2021"])
            other21 = int(s21[code]["invoiced_2021"]) - sub21
            v["draw"][2] = max(1, round(v["draw"][2] * (v["inv21"] * 100000 - sub21) / other21))


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    with tempfile.TemporaryDirectory() as work:
        text, cal = parse()
        splits = run(work)
        report(cal, splits)
        for _ in range(iterations):
            step(cal, splits)
            write(text, cal)
            text, cal = parse()
            splits = run(work)
            report(cal, splits)


if __name__ == "__main__":
    main()
