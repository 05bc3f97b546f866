"""The Jinja2 environment of cvmatch's self-contained HTML pages (the report, the audit).

Every page extends ``page.html`` of :mod:`cvmatch.explain`'s templates: one head, one
style sheet, no network asset. Autoescaping is on and an undefined name is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jinja2

__all__ = ["html_environment"]


def html_environment(
    package: str, filters: Mapping[str, Callable[..., Any]] | None = None
) -> jinja2.Environment:
    """An environment reading ``package``'s templates, then the shared ``page.html``."""
    loaders = [jinja2.PackageLoader(package, "templates")]
    if package != "cvmatch.explain":
        loaders.append(jinja2.PackageLoader("cvmatch.explain", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(filters or {})
    return env
