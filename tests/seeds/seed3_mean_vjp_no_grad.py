# Seed 003: out = mean(3 (x + 2)^2) gives 4.5 everywhere; a vector-Jacobian product; no_grad.
# The seed's printout shows MeanBackward1 from an old PyTorch; today's PyTorch prints MeanBackward0.
import torch

x = torch.ones(2,2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
print(out)

out.backward()  # out is a scalar, so this is out.backward(torch.tensor(1.))

# (x + 2)^2*3 --> 2*3*(1+2) / 4 = 4.5
print(x.grad)

# The seed draws x = torch.randn(3, requires_grad=True). These fixed values stand in for that draw so
# the output is deterministic; they are the seed's printed y divided by 512, and reproduce its printout.
x = torch.tensor([2.2440531, 1.7582879, -1.2005699], requires_grad=True)
print(x)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)

# y = 512 x, so the Jacobian is 512 I and x.grad = 512 v
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)

print(x.grad)

print(x.requires_grad)
print((x ** 2).requires_grad)
with torch.no_grad():
    print((x ** 2).requires_grad)
