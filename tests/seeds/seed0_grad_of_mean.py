# Seed 000: x.grad is d(out)/dx evaluated at x's value; y is not a leaf, so y.grad is None (with a warning).
import torch

x = torch.ones(2, 2, requires_grad=True)  # a 2x2 leaf of ones
y = x + 2
z = y * y * 3
out = z.mean()
print(z, out)
out.backward()
print(x.grad)  # d(out)/dx_i = 6 * (x_i + 2) / 4 = 4.5

# y came out of an operation: autograd does not keep its gradient, and says so on stderr
print(y.grad)
