"""``kg figures --plot``: the time series of a figures result drawn with matplotlib (optional extra).

One panel per base unit (元, %, 家, …), one line per metric and kind (targets dashed). matplotlib is
imported here only, so the base install works without it; asking for a plot without it is a
one-line error.
"""

from __future__ import annotations

import warnings
from pathlib import Path

FORMATS = (".png", ".svg")
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei",
             "PingFang SC", "DejaVu Sans"]
MAX_PANELS = 6


class PlotError(Exception):
    """The plot cannot be made as asked (no matplotlib, unknown file type)."""


def check_plot_target(path: Path) -> None:
    """Fail early, before any query runs, when the plot could not be written."""
    if path.suffix.lower() not in FORMATS:
        raise PlotError(f"--plot writes .png or .svg, not {path.name!r}")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotError("--plot needs matplotlib: pip install 'kg[plot]'") from None


def plot_figures(result, path: Path) -> Path:
    """Draw the series of ``result`` (a ``figures`` Result) into ``path`` (.png or .svg)."""
    check_plot_target(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kg.queries.verbs import series

    data = series(result)
    if not data:
        raise PlotError("no figures to plot")
    by_unit: dict[str, list] = {}
    for (metric, kind, unit), points in sorted(data.items()):
        by_unit.setdefault(unit, []).append((metric, kind, points))
    units = sorted(by_unit, key=lambda u: (-len(by_unit[u]), u))[:MAX_PANELS]
    plt.rcParams["font.sans-serif"] = CJK_FONTS
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.hashsalt"] = "kg"  # the same figures give the same SVG
    warnings.filterwarnings("ignore", message="Glyph .* missing from font")  # no CJK font installed
    fig, axes = plt.subplots(len(units), 1, figsize=(8, 3.2 * len(units)), squeeze=False)
    for ax, unit in zip(axes[:, 0], units, strict=True):
        for metric, kind, points in by_unit[unit]:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", linestyle="--" if kind == "target" else "-",
                    label=f"{metric} ({kind})")
        ax.set_ylabel(unit or "value")
        ax.legend(fontsize=8, loc="best")
        ax.grid(alpha=0.3)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(result.title)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing CJK glyphs on a machine without Chinese fonts
        fig.savefig(path, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    plt.close(fig)
    return path
