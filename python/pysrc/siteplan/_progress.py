"""A progress bar while the native code works: tqdm when it is installed
(``tqdm.auto``: a widget in Jupyter, text on a terminal), else none."""

from __future__ import annotations

from typing import Any, Callable

ProgressArg = bool | None


class Bar:
    """Elapsed seconds against ``total`` when known (a plan's time limit),
    or, once the native code counts them, scenarios done out of all (a
    sweep)."""

    def __init__(self, enabled: ProgressArg, desc: str, total: float | None) -> None:
        self._bar: Any = None
        self._counting = False
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

    def callback(self) -> Callable[[float, int, int], None] | None:
        """What the native module calls with the seconds elapsed and the
        scenarios done and in all (both 0 where nothing is counted)."""
        if self._bar is None:
            return None
        bar = self._bar

        def tick(seconds: float, done: int, total: int) -> None:
            if total > 0:
                if not self._counting:
                    # From now on: "12/36 scenarios [00:04<00:08]".
                    self._counting = True
                    bar.unit = "scenario"
                    bar.bar_format = None
                    bar.total = total
                bar.n = done
            else:
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
