"""Timing layers for `bench/bench_middleware.py`: `Layer0`, `Layer1`, … placed before each
of Hearth's middleware (and one before the view), each recording the time spent inside it.
A middleware's own cost is then its layer's time less the next layer's. Never in
settings: the benchmark builds its own middleware list."""

import time

LAYERS = 40
# totals[i]: seconds spent inside layer i (the middleware after it and everything below).
totals: list[float] = [0.0] * LAYERS


def reset() -> None:
    totals[:] = [0.0] * LAYERS


def _layer(index: int) -> type:
    class Layer:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            began = time.perf_counter()
            try:
                return self.get_response(request)
            finally:
                totals[index] += time.perf_counter() - began

    Layer.__name__ = Layer.__qualname__ = f"Layer{index}"
    return Layer


for _index in range(LAYERS):
    globals()[f"Layer{_index}"] = _layer(_index)
