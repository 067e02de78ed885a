"""PyTorch versions of the `lamina bench models` workloads (2 threads, CPU, eager mode).

Same shapes, optimizers and losses as Lamina. PyTorch's idiom for softmax + cross-entropy is a
logits output with nn.CrossEntropyLoss (log-softmax fused into the loss); inference applies the
softmax. Images are NCHW (PyTorch's default layout). BatchNorm uses Keras's eps 1e-3 and
momentum 0.99 (PyTorch momentum 0.01); Adam uses Keras's eps 1e-7.

    python bench_torch.py [--only cnn-train,lstm-train] [--csv out.csv]
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import main

torch.set_num_threads(2)
torch.set_num_interop_threads(2)
torch.manual_seed(0)


def seed_cnn():
    return nn.Sequential(nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(32 * 31 * 31, 128), nn.ReLU(), nn.Linear(128, 10))


class Block(nn.Module):
    """ResNet v1 basic block: conv-BN-ReLU-conv-BN + shortcut (1x1 strided projection), ReLU."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01)
        self.proj = nn.Conv2d(cin, cout, 1, stride, bias=False) if stride != 1 else None

    def forward(self, x):
        y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        return F.relu(y + (self.proj(x) if self.proj is not None else x))


class ResNet20(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16, eps=1e-3, momentum=0.01), nn.ReLU())
        blocks, cin = [], 16
        for stage, cout in enumerate([16, 32, 64]):
            for b in range(3):
                blocks.append(Block(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        return self.fc(self.blocks(self.stem(x)).mean(dim=(2, 3)))


class Sequence(nn.Module):
    """Embedding(10000, 100) -> LSTM/SimpleRNN(128), last output -> Dense(10)."""

    def __init__(self, cell):
        super().__init__()
        self.embed = nn.Embedding(10000, 100)
        self.rnn = (nn.LSTM if cell == "lstm" else nn.RNN)(100, 128, batch_first=True)
        self.fc = nn.Linear(128, 10)

    def forward(self, ids):
        out, _ = self.rnn(self.embed(ids))
        return self.fc(out[:, -1])


class AttentionNet(nn.Module):
    """Embedding(10000, 64) -> softmax(x xT) x (Keras's Attention layer: dot scores, no scale) -> mean over steps -> Dense(10)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 64)
        self.fc = nn.Linear(64, 10)

    def forward(self, ids):
        h = self.embed(ids)
        return self.fc(F.scaled_dot_product_attention(h, h, h, scale=1.0).mean(dim=1))


def labels(batch):
    return torch.tensor([i * 7 % 10 for i in range(batch)])


def ids(batch, length):
    return torch.tensor([(i * 2654435761) % 10000 for i in range(batch * length)]).reshape(batch, length)


def train_step(model, opt, x, y):
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def infer_step(model, x):
    model.eval()

    def step():
        with torch.inference_mode():
            torch.softmax(model(x), dim=-1)
    return step


def adam(model):
    return torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)


def prepare(name, args):
    if name == "cnn-train":
        m = seed_cnn()
        return train_step(m, adam(m), torch.rand(32, 3, 64, 64), F.one_hot(labels(32), 10).float())
    if name == "resnet20-train":
        m = ResNet20()
        return train_step(m, torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9), torch.rand(64, 3, 32, 32), labels(64))
    if name == "cnn-infer":
        return infer_step(seed_cnn(), torch.rand(256, 3, 64, 64))
    if name == "resnet20-infer":
        return infer_step(ResNet20(), torch.rand(256, 3, 32, 32))
    if name in ("lstm-train", "simplernn-train"):
        m = Sequence("lstm" if name == "lstm-train" else "rnn")
        return train_step(m, adam(m), ids(32, 100), labels(32))
    if name == "attention-train":
        m = AttentionNet()
        return train_step(m, adam(m), ids(32, 128), labels(32))
    raise SystemExit(f"unknown workload {name}")


if __name__ == "__main__":
    main("PyTorch", lambda a: f"torch {torch.__version__} · {torch.get_num_threads()} threads · CPU eager", prepare)
