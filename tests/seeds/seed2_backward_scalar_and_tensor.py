# Seed 002, section 3.2: backward() from a scalar, then from tensor outputs with a `gradient` of weights.
import torch

# A scalar output needs no argument: every x_i gets 6 * (x_i + 2) / 4 = 4.5
x = torch.ones(2,2, requires_grad=True)
y = x + 2
print(y)
z = y * y * 3
out = z.mean()
print(z, out)
out.backward()
print(x.grad)

# A matrix output: gradient=ones weights every y_ij by 1, so x.grad[i, j] = w[0, j] + w[1, j]
x = torch.tensor([[1.0, 2, 3],[4, 5, 6],[7, 8, 9]], requires_grad=True)
w = torch.tensor([[1.0, 2, 3],[4, 5, 6]], requires_grad=True)

y = torch.matmul(x,w.T)
print(y)
print(torch.ones_like(y))
y.backward(gradient = torch.ones_like(y))
print(x.grad)

# z = 4x, weighted by v: x.grad = 4 * v
x = torch.ones(3, requires_grad=True)
print(x)
y = x * 2
print(y)
z = y * 2
print(z)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
z.backward(gradient=v)
print(x.grad)
