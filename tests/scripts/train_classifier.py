"""A typical PyTorch tutorial training script, kept exactly as a learner would write it for PyTorch.

tests/test_nn.py runs it with ``import torch`` bound to PyTorch and to autograd_nb and compares the output.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim

torch.manual_seed(42)

# a toy data set: points in the plane, labelled by which side of a parabola they fall on
X = torch.randn(200, 2)
y = (X[:, 0] ** 2 + X[:, 1] > 0.5).long()


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(2, 32)
        self.fc2 = nn.Linear(32, 2)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return self.fc2(x)


model = Net()
print(model)
print(f"parameters: {sum(p.numel() for p in model.parameters())}")
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)

for epoch in range(5):
    perm = torch.randperm(X.shape[0])
    running_loss = 0.0
    for i in range(0, 200, 50):
        idx = perm[i : i + 50]
        inputs, labels = X[idx], y[idx]
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    with torch.no_grad():
        predicted = model(X).argmax(dim=1)
        accuracy = (predicted == y).float().mean().item()
    print(f"epoch {epoch + 1}: loss {running_loss / 4:.4f}, accuracy {accuracy:.3f}")

model.eval()
with torch.no_grad():
    probabilities = F.softmax(model(torch.tensor([[0.0, 1.0], [1.0, -1.0]])), dim=1)
print(probabilities)
print(model.fc2.bias)
print(model.fc1.weight.grad.shape)
print(optimizer)
