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
mkdir -p "$out"
torch_py="${TORCH_PYTHON:-/work/bench-venv-torch/bin/python}"
keras_py="${KERAS_PYTHON:-/work/bench-venv/bin/python}"

echo "== building Lamina (release, $scratch)"
swift build -c release --scratch-path "$scratch" 2>&1 | tail -1
lamina="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/lamina"

echo; echo "== Lamina"
"$lamina" bench models --csv "$out/lamina.csv" "$@"

cols=("Lamina:$out/lamina.csv")
echo; echo "== PyTorch"
if [[ -x "$torch_py" ]] && "$torch_py" -c "import torch" 2>/dev/null; then
    (cd "$here" && "$torch_py" bench_torch.py --csv "$out/torch.csv" "$@")
    cols+=("PyTorch:$out/torch.csv")
else
    echo "skipped: no torch at $torch_py (see Scripts/bench/setup_peers.sh)"
fi

echo; echo "== Keras"
keras_backend=tensorflow
if ! { [[ -x "$keras_py" ]] && "$keras_py" -c "import keras, tensorflow" 2>/dev/null; }; then
    keras_py=/work/venv/bin/python keras_backend=jax
fi
if [[ -x "$keras_py" ]] && KERAS_BACKEND=$keras_backend "$keras_py" -c "import keras" 2>/dev/null; then
    (cd "$here" && "$keras_py" bench_keras.py --backend "$keras_backend" --csv "$out/keras.csv" "$@" 2> >(grep -v -e "^I0000" -e "^WARNING: All log" >&2))
    cols+=("Keras-${keras_backend/tensorflow/tf}:$out/keras.csv")
else
    echo "skipped: no keras with tensorflow or jax (see Scripts/bench/setup_peers.sh)"
fi

echo; echo "== $(date -u '+%Y-%m-%d %H:%M UTC') · $(nproc) cores · CSVs in $out"
python3 "$here/table.py" "${cols[@]}"
