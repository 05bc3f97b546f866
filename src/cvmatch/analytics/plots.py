"""matplotlib figures of a :class:`~cvmatch.analytics.PostingsAnalysis`, drawn from its tables.

Each function reads only the analysis' public tables (``skills``, ``roles``,
``by_role``, ``cooccurrence``, ``lift``, ``salary_by_skill``), so a plot never
computes a number the tables do not show. matplotlib is imported only when a plot is
drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from cvmatch.errors import InvalidInput, MissingDependency

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from cvmatch.analytics.analysis import PostingsAnalysis

__all__ = ["cooccurrence", "salary_premium", "skill_demand"]


def skill_demand(analysis: PostingsAnalysis, *, top: int, by_role: bool, ax: Axes | None) -> Figure:
    """Horizontal bars of the ``top`` most demanded skills, stacked by role if ``by_role``."""
    skills = analysis.skills
    order = list(skills.index)
    width = 10.5 if by_role else 8.0
    fig, ax = _fig_ax(ax, width, max(3.0, 0.35 * min(top, len(order)) + 1.5))
    concepts = order[:top][::-1]
    labels = [skills.at[c, "name"] for c in concepts]
    if not concepts:
        return _empty(fig, ax, "no skills found")
    if by_role:
        _stacked_by_role(analysis, ax, concepts, labels)
    else:
        ax.barh(labels, [int(skills.at[c, "postings"]) for c in concepts], color="#4C72B0")
    ax.set_xlabel(f"postings asking for the skill (of {analysis.n_postings})")
    ax.set_title("Skill demand" + (" by role" if by_role else ""))
    return fig


def _stacked_by_role(
    analysis: PostingsAnalysis, ax: Axes, concepts: list[str], labels: list[str]
) -> None:
    table = analysis.by_role.loc[concepts]
    titles = analysis.roles["title"]
    left = [0] * len(concepts)
    for color, role in zip(_colors(len(table.columns)), table.columns, strict=True):
        values = table[role].tolist()
        ax.barh(labels, values, left=left, color=color, label=titles.at[role])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.legend(title="closest role", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))


def cooccurrence(
    analysis: PostingsAnalysis,
    *,
    top: int,
    metric: Literal["count", "lift"],
    ax: Axes | None,
) -> Figure:
    """Heat map of how often the ``top`` skills are asked for together (count or log2 lift)."""
    import numpy as np

    if metric not in ("count", "lift"):
        raise InvalidInput(f"metric must be 'count' or 'lift', not {metric!r}")
    skills = analysis.skills
    concepts = list(skills.index)[:top]
    size = max(4.0, 0.45 * len(concepts) + 2.5)
    fig, ax = _fig_ax(ax, size + 1.5, size)
    if not concepts:
        return _empty(fig, ax, "no skills found")
    table = (analysis.cooccurrence if metric == "count" else analysis.lift).loc[concepts, concepts]
    values = table.to_numpy(dtype="float64").copy()
    np.fill_diagonal(values, np.nan)
    if metric == "count":
        image = ax.imshow(values, cmap=_colormap("Blues"), vmin=0)
        label = "postings asking for both"
    else:
        values = _log2(values)
        bound = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
        image = ax.imshow(values, cmap=_colormap("RdBu_r"), vmin=-bound, vmax=bound)
        label = "log2 lift"
    names = [skills.at[c, "name"] for c in concepts]
    ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize="small")
    ax.set_yticks(range(len(names)), names, fontsize="small")
    fig.colorbar(image, ax=ax, label=label, shrink=0.8)
    ax.set_title("Skills asked for together")
    return fig


def salary_premium(
    analysis: PostingsAnalysis, *, top: int, min_count: int, ax: Axes | None
) -> Figure:
    """Bars of each skill's median salary premium (postings with vs without it)."""
    table = analysis.salary_by_skill(min_count=min_count)
    table = table.reindex(table["premium"].abs().sort_values(ascending=False).index)
    table = table.head(top).sort_values("premium")
    fig, ax = _fig_ax(ax, 8.0, max(3.0, 0.35 * len(table) + 1.5))
    if table.empty:
        return _empty(fig, ax, "no salaries to compare")
    colors = ["#55A868" if p >= 0 else "#C44E52" for p in table["premium"]]
    ax.barh(table["name"].tolist(), table["premium"].tolist(), color=colors)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("median salary with the skill minus without")
    ax.set_title(f"Salary premium by skill ({analysis.n_with_salary} postings with a salary)")
    return fig


# --- matplotlib plumbing -----------------------------------------------------------------
def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependency(
            'plots need matplotlib; install it with pip install "cvmatch[analytics]"'
        ) from None
    return Figure(figsize=(width, height), layout="constrained")


def _fig_ax(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes]:
    """The figure of ``ax``, or a new figure of this size with one axes."""
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig = _figure(width, height)
    return fig, fig.add_subplot()


def _empty(fig: Figure, ax: Axes, message: str) -> Figure:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return fig


def _log2(values: Any) -> Any:
    """log2 of each cell, NaN where it is not finite (no pair, or a zero count)."""
    import numpy as np

    with np.errstate(divide="ignore"):
        values = np.log2(values)
    values[~np.isfinite(values)] = np.nan
    return values


def _colormap(name: str) -> Any:
    from matplotlib import colormaps

    return colormaps[name].with_extremes(bad="#dddddd")


def _colors(n: int) -> list[Any]:
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    return [cmap(i % 10) for i in range(n)]
