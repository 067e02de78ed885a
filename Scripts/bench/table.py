"""Joins the CSVs of the model benchmarks into one table (text and Markdown).

    python3 table.py Lamina:lamina.csv PyTorch:torch.csv Keras-tf:keras.csv

The first column set is Lamina's; the ratio is Lamina's ms/step over the fastest peer's.
"""
import csv
import sys


def load(path):
    with open(path) as f:
        return {r["workload"]: (float(r["ms_per_step"]), float(r["peak_rss_mb"])) for r in csv.DictReader(f)}


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
