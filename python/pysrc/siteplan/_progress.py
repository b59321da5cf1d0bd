"""A progress bar while the native code works: tqdm when it is installed
(``tqdm.auto``: a widget in Jupyter, text on a terminal), else none."""

from __future__ import annotations

from typing import Any, Callable

ProgressArg = bool | None


class Bar:
    """Elapsed seconds, against ``total`` when known (the time limit)."""

    def __init__(self, enabled: ProgressArg, desc: str, total: float | None) -> None:
        self._bar: Any = None
        if enabled is False:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return
        # Shown only when the work lasts more than half a second.
        self._bar = tqdm(
            total=total, desc=desc, unit="s", delay=0.5, leave=False,
            bar_format="{desc}: {elapsed} {bar}" if total else "{desc}: {elapsed}",
        )

    def callback(self) -> Callable[[float], None] | None:
        """What the native module calls with the seconds elapsed."""
        if self._bar is None:
            return None
        bar = self._bar

        def tick(seconds: float) -> None:
            bar.n = min(seconds, bar.total) if bar.total else seconds
            bar.refresh()

        return tick

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> "Bar":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
