"""Token buckets: a steady rate with a burst allowance, kept in memory per key."""
import threading
import time


class Buckets:
    def __init__(self, rate: float, burst: int, max_keys: int = 100_000):
        self.rate, self.burst, self.max_keys = rate, burst, max_keys
        self._tokens: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        moment = time.monotonic()
        with self._lock:
            tokens, last = self._tokens.get(key, (float(self.burst), moment))
            tokens = min(float(self.burst), tokens + (moment - last) * self.rate)
            if len(self._tokens) >= self.max_keys and key not in self._tokens:
                self._tokens.clear()  # crude bound on memory under a flood of keys
            if tokens < 1:
                self._tokens[key] = (tokens, moment)
                return False
            self._tokens[key] = (tokens - 1, moment)
            return True

    def forget(self, key: str) -> None:
        with self._lock:
            self._tokens.pop(key, None)
