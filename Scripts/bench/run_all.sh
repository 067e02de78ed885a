#!/usr/bin/env bash
# Builds Lamina in release, runs the model benchmarks of Lamina, PyTorch and Keras in turn and
# prints one table: ms/step and peak RSS of each, and Lamina / fastest peer.
#
#   Scripts/bench/run_all.sh [--only cnn-train,lstm-train] [any other option of the bench scripts]
#
# Environment:
#   TORCH_PYTHON   python with torch            (default /work/bench-venv-torch/bin/python)
#   KERAS_PYTHON   python with keras + TF       (default /work/bench-venv/bin/python; if it lacks
#                  tensorflow, /work/venv/bin/python with KERAS_BACKEND=jax is tried)
#   SCRATCH        swift build scratch path     (default .build-bench)
#   BENCH_LOCK     lock file held for the build and all runs, so no other build runs while timing
#                  (default /tmp/lamina-build.lock; empty: no lock)
#   OUT            folder for the CSVs          (default a temporary folder)
#   ROUNDS         how many times to run the three in turn; each cell of the table is the
#                  median over the rounds          (default 3)
# A peer whose python or package is missing is skipped with a note.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
lock="${BENCH_LOCK-/tmp/lamina-build.lock}"
if [[ -n "$lock" && -z "${BENCH_LOCK_HELD:-}" ]]; then
    echo "waiting for $lock ..." >&2
    exec env BENCH_LOCK_HELD=1 flock "$lock" "$0" "$@"
fi
scratch="${SCRATCH:-.build-bench}"
out="${OUT:-$(mktemp -d)}"
rounds="${ROUNDS:-3}"
mkdir -p "$out"
torch_py="${TORCH_PYTHON:-/work/bench-venv-torch/bin/python}"
keras_py="${KERAS_PYTHON:-/work/bench-venv/bin/python}"

echo "== building Lamina (release, $scratch)"
swift build -c release --scratch-path "$scratch" 2>&1 | tail -1
lamina="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/lamina"

have_torch=0
if [[ -x "$torch_py" ]] && "$torch_py" -c "import torch" 2>/dev/null; then have_torch=1; fi
keras_backend=tensorflow
if ! { [[ -x "$keras_py" ]] && "$keras_py" -c "import keras, tensorflow" 2>/dev/null; }; then
    keras_py=/work/venv/bin/python keras_backend=jax
fi
have_keras=0
if [[ -x "$keras_py" ]] && KERAS_BACKEND=$keras_backend "$keras_py" -c "import keras" 2>/dev/null; then have_keras=1; fi

# Rounds interleave the three, so a slow spell of the machine hits all of them alike.
lamina_csvs=() torch_csvs=() keras_csvs=()
for ((round = 1; round <= rounds; round++)); do
    echo; echo "== round $round of $rounds: Lamina"
    "$lamina" bench models --csv "$out/lamina-$round.csv" "$@"
    lamina_csvs+=("$out/lamina-$round.csv")
    echo; echo "== round $round of $rounds: PyTorch"
    if ((have_torch)); then
        (cd "$here" && "$torch_py" bench_torch.py --csv "$out/torch-$round.csv" "$@")
        torch_csvs+=("$out/torch-$round.csv")
    else
        echo "skipped: no torch at $torch_py (see Scripts/bench/setup_peers.sh)"
    fi
    echo; echo "== round $round of $rounds: Keras"
    if ((have_keras)); then
        (cd "$here" && "$keras_py" bench_keras.py --backend "$keras_backend" --csv "$out/keras-$round.csv" "$@" \
            2> >(grep -v -e "^I0000" -e "^WARNING: All log" >&2))
        keras_csvs+=("$out/keras-$round.csv")
    else
        echo "skipped: no keras with tensorflow or jax (see Scripts/bench/setup_peers.sh)"
    fi
done
join() { local IFS=+; echo "$*"; }
cols=("Lamina:$(join "${lamina_csvs[@]}")")
((${#torch_csvs[@]})) && cols+=("PyTorch:$(join "${torch_csvs[@]}")")
((${#keras_csvs[@]})) && cols+=("Keras-${keras_backend/tensorflow/tf}:$(join "${keras_csvs[@]}")")

echo; echo "== $(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores · median of $rounds round(s) · CSVs in $out"
python3 "$here/table.py" "${cols[@]}"
