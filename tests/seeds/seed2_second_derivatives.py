# Seed 002, section 3.1: first and mixed second partial derivatives of y = x1^2 + x2^2 + x1*x2 at (3, 1).
import torch

x1 = torch.tensor(3., requires_grad=True)
x2 = torch.tensor(1., requires_grad=True)
y = x1**2+x2**2+x1*x2

# create_graph=True records the backward pass itself, so the first derivatives can be differentiated again
x1_1 = torch.autograd.grad(y, x1, retain_graph=True, create_graph=True)[0]
x2_1 = torch.autograd.grad(y, x2, retain_graph=True, create_graph=True)[0]
print(x1_1,x2_1)  # 2*x1 + x2 = 7, 2*x2 + x1 = 5

x1_11 = torch.autograd.grad(x1_1, x1)[0]
x1_12 = torch.autograd.grad(x1_1, x2)[0]
x2_21 = torch.autograd.grad(x2_1, x1)[0]
x2_22 = torch.autograd.grad(x2_1, x2)[0]
print(x1_11,x1_12,x2_21,x2_22)  # the Hessian [[2, 1], [1, 2]]
