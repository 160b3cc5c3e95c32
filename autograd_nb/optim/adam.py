"""Adam and AdamW: per-parameter step sizes from running averages of the gradient and its square."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .. import _creation
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, _check_non_negative


class Adam(Optimizer):
    """Adam (Kingma and Ba), with PyTorch's update::

        g = grad (+ weight_decay * p, or p *= 1 - lr * weight_decay when decoupled, as in AdamW)
        m = m + (1 - beta1) * (g - m)                 # exp_avg
        v = beta2 * v + (1 - beta2) * g * g           # exp_avg_sq
        p = p - lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)
    """

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 amsgrad: bool = False, *, foreach: Any = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fused: Any = None,
                 decoupled_weight_decay: bool = False) -> None:  # fmt: skip
        _check_non_negative(lr, "learning rate")
        _check_non_negative(eps, "epsilon value")
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta}")
        _check_non_negative(weight_decay, "weight_decay value")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad, maximize=maximize,
                        foreach=foreach, capturable=capturable, differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)  # fmt: skip
        super().__init__(params, defaults)

    @no_grad()
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        loss = self._closure_loss(closure)
        for group in self.param_groups:
            lr, (beta1, beta2), eps, decay = group["lr"], group["betas"], group["eps"], group["weight_decay"]
            for param in group["params"]:
                if param.grad is None:
                    continue
                grad = -param.grad if group["maximize"] else param.grad
                state = self.state[param]
                if not state:
                    state["step"] = _creation.tensor(0.0)
                    state["exp_avg"] = _creation.zeros_like(param)
                    state["exp_avg_sq"] = _creation.zeros_like(param)
                    if group["amsgrad"]:
                        state["max_exp_avg_sq"] = _creation.zeros_like(param)
                state["step"].add_(1)
                if decay != 0:
                    if group["decoupled_weight_decay"]:
                        param.mul_(1 - lr * decay)
                    else:
                        grad = grad.add(param, alpha=decay)
                exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
                exp_avg.add_(grad - exp_avg, alpha=1 - beta1)  # lerp towards the gradient
                exp_avg_sq.mul_(beta2).add_(grad * grad, alpha=1 - beta2)
                step = state["step"].item()
                step_size = lr / (1 - beta1**step)
                bias_correction2_sqrt = (1 - beta2**step) ** 0.5
                if group["amsgrad"]:
                    state["max_exp_avg_sq"].copy_(state["max_exp_avg_sq"].maximum(exp_avg_sq))
                    exp_avg_sq = state["max_exp_avg_sq"]
                denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
                param.add_(exp_avg / denom, alpha=-step_size)
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): ``p *= 1 - lr * weight_decay`` each step."""

    def __init__(self, params: Iterable[Tensor] | Iterable[dict], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 1e-2,
                 amsgrad: bool = False, *, maximize: bool = False, foreach: Any = None, capturable: bool = False,
                 differentiable: bool = False, fused: Any = None) -> None:  # fmt: skip
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)  # fmt: skip
