# Seed 004: gradients of 2 x.x and x.sum(), summing a vector output, detach(), and Python control flow.
# The seed is a notebook whose cells echo their last expression; as a script we print those values.
import torch

x = torch.arange(4.0)
print(x)

# same as x = torch.arange(4.0, requires_grad=True)
x.requires_grad_(True)
print(x.grad)  # None until a backward pass fills it

y = 2 * torch.dot(x,x)
print(y)  # 2 * 14

y.backward()
print(x.grad)  # dy/dx = 4x

print(x.grad == 4 * x)

# gradients accumulate, so clear the old ones first
x.grad.zero_()
y = x.sum()
y.backward()
print(x.grad)

# backward of a vector output: sum it first (the same as y.backward(torch.ones(len(x))))
x.grad.zero_()
y = x * x
y.sum().backward()
print(x.grad)  # 2x

# u holds y's values but is cut off from the graph, so z = u * x has dz/dx = u
x.grad.zero_()
y = x * x
u = y.detach()
z = u * x

z.sum().backward()
print(x.grad == u)

# y itself still remembers how it was made
x.grad.zero_()
y.sum().backward()
print(x.grad == 2 * x)

def f(a):
    b = a * 2
    while b.norm() < 1000:  # doubles until |b| >= 1000: how many times depends on a
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c

# The seed draws a = torch.randn(size=(), requires_grad=True). This fixed value stands in for that draw so
# the output is deterministic. Whatever path the loop takes, d is a times a constant, so the gradient is d / a.
a = torch.tensor(0.8, requires_grad=True)
d = f(a)
d.backward()

print(a.grad == d / a)
