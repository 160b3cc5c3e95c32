# Not from a seed: the everyday attributes learners print next to a tensor.
import torch

x = torch.ones(2, 2, requires_grad=True)
y = x * 3
print(x.shape)
print(x.dtype)
print(x.requires_grad, x.is_leaf)
print(y.grad_fn)  # an object with an address, as in PyTorch
print(y.grad_fn.next_functions)  # x's AccumulateGrad, and nothing for the constant 3
print(y.requires_grad, y.is_leaf)
print(y.shape, y.size(), y.dim(), y.numel())
print(torch.arange(4.0).dtype, torch.tensor([1, 2]).dtype, torch.tensor(True).dtype)
