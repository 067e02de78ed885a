#!/usr/bin/env bash
# Installs the peers of Scripts/bench/run_all.sh in venvs outside the repository.
#   Keras 3 on tensorflow-cpu  -> /work/bench-venv        (~1.5 GB)
#   PyTorch                    -> /work/bench-venv-torch  (~5.4 GB)
# PyPI's Linux torch wheel is the CUDA build: `pip install torch --no-deps` installs, but
# `import torch` then fails (libcudart.so.13 / libcublasLt not found), so the full wheel with its
# nvidia-* dependencies is installed; it runs on the CPU without a GPU.
set -euo pipefail
python3 -m venv /work/bench-venv
/work/bench-venv/bin/pip install -q tensorflow-cpu
python3 -m venv /work/bench-venv-torch
/work/bench-venv-torch/bin/pip install -q torch
