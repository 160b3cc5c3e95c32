# Seed 001 has no code, only the mathematics; this script checks it on numbers. For y = f(x) and
# z = g(y), the Jacobian of z with respect to x is the product dz/dy · dy/dx (a K x M times an M x N
# matrix), and backward() with an upstream gradient v returns the downstream gradient v · dz/dx.
import torch
from torch.autograd.functional import jacobian

W = torch.tensor([[1., 2., 0.], [0., 1., -1.]])  # f: R^3 -> R^2
U = torch.tensor([[1., 1.], [2., -1.], [0., 3.]])  # g: R^2 -> R^3


def f(x):
    return (W @ x) ** 2


def g(y):
    return U @ y * 0.5


x = torch.tensor([1., -1., 2.])
dy_dx = jacobian(f, x)
dz_dy = jacobian(g, f(x))
dz_dx = jacobian(lambda x: g(f(x)), x)
print(dy_dx)
print(dz_dy)
print(dz_dx)
print(torch.equal(dz_dx, dz_dy @ dy_dx))  # the chain rule, as a matrix product

# Backpropagation never forms dz/dx: each node turns its upstream gradient into a downstream one
x.requires_grad_(True)
z = g(f(x))
v = torch.tensor([1., 0., 2.])
z.backward(v)
print(x.grad)
print(v @ dz_dx)
