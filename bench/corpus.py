"""Realistic text for the benchmarks: a fixed seed gives the same pages every run."""

import random

# The most frequent English words first, so that word frequencies follow the usual
# long-tailed curve ("the" several hundred times a page), which is what makes word-level
# diffing slow; then words an intranet page would use.
COMMON_WORDS = """
the of and to a in is that for it as with was on be by this are or from at an not have
which but they you we their has can all will more one there been if its also when than
would about other into only some these may so our after new what who first most time
any over such could team process people work should how each project data customer
service policy review office access system support request account security report
meeting manager release budget contract holiday expense laptop onboarding password
"""
SYLLABLES = "ka lo mi ne ru sa to vi de pa re in for ma tion ser ver ac count pro ject"


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Common words plus a long tail of made-up ones, with Zipf-Mandelbrot weights."""
    words = COMMON_WORDS.split()
    seen = set(words)
    syllables = SYLLABLES.split()
    while len(words) < 2_500:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 2.7) for rank in range(len(words))]
    return words, weights


class Writer:
    """Draws words and sentences from the vocabulary with a fixed seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, self.weights = vocabulary(rng)

    def word(self) -> str:
        return self.rng.choices(self.words, self.weights)[0]

    def sentence(self, low: int, high: int) -> list[str]:
        words = [self.word() for _ in range(self.rng.randint(low, high))]
        words[0] = words[0].capitalize()
        words[-1] += "."
        return words

    def paragraph(self) -> list[str]:
        words: list[str] = []
        for _ in range(self.rng.randint(2, 5)):
            words += self.sentence(8, 20)
        return words
