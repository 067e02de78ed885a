"""Joins the CSVs of the model benchmarks into one table (text and Markdown).

    python3 table.py Lamina:lamina.csv PyTorch:torch.csv Keras-tf:keras.csv
    python3 table.py Lamina:l1.csv+l2.csv+l3.csv PyTorch:t1.csv+t2.csv+t3.csv ...

The first column set is Lamina's; the ratio is Lamina's ms/step over the fastest peer's. Several
CSVs joined by '+' are rounds of the same program: each cell is the median over the rounds.
"""
import csv
import statistics
import sys


def load_one(path):
    with open(path) as f:
        return {r["workload"]: (float(r["ms_per_step"]), float(r["peak_rss_mb"])) for r in csv.DictReader(f)}


def load(paths):
    rounds = [load_one(p) for p in paths.split("+")]
    names = dict.fromkeys(w for r in rounds for w in r)
    return {w: tuple(statistics.median(r[w][i] for r in rounds if w in r) for i in (0, 1)) for w in names}


def main(specs):
    cols = [(s.split(":", 1)[0], load(s.split(":", 1)[1])) for s in specs]
    names = list(dict.fromkeys(w for _, rows in cols for w in rows))
    head = ["workload"] + [f"{c} ms" for c, _ in cols] + [f"{c} MB" for c, _ in cols] + ["Lamina / fastest peer"]
    lines = []
    for w in names:
        ms = [rows.get(w, (None, None))[0] for _, rows in cols]
        mb = [rows.get(w, (None, None))[1] for _, rows in cols]
        peers = [m for m in ms[1:] if m is not None]
        ratio = f"{ms[0] / min(peers):.2f}" if ms[0] is not None and peers else "-"
        lines.append([w] + [f"{m:.1f}" if m is not None else "-" for m in ms]
                     + [f"{m:.0f}" if m is not None else "-" for m in mb] + [ratio])
    widths = [max(len(r[i]) for r in [head] + lines) for i in range(len(head))]
    for r in [head] + lines:
        print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
    print("\nMarkdown:\n")
    print("| " + " | ".join(head) + " |")
    print("| --- " + "| ---: " * (len(head) - 1) + "|")
    for r in lines:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
