"""The result models document the contract: every field has a description, and the JSON
Schema that ``model_json_schema()`` writes carries it, so a schema alone says what each
key of the JSON Lines output means."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, TypeAdapter

from cvmatch import models
from cvmatch.taxonomy import Salary

#: Every public pydantic model defined in cvmatch.models.
PUBLIC = [
    obj
    for name in models.__all__
    if isinstance(obj := getattr(models, name), type)
    and issubclass(obj, BaseModel)
    and obj.__module__.startswith(models.__name__)
]


def _undescribed(model: type[BaseModel]) -> list[str]:
    return [
        name for name, field in model.model_fields.items() if not (field.description or "").strip()
    ]


def test_the_public_models_are_all_found() -> None:
    names = {m.__name__ for m in PUBLIC}
    assert {"ExtractResult", "ScoreResult", "MatchResult", "Skill", "Evidence"} <= names
    assert {"FailedExtract", "FailedScore", "FailedMatch", "ErrorInfo"} <= names
    assert len(PUBLIC) >= 18


@pytest.mark.parametrize("model", PUBLIC, ids=lambda m: m.__name__)
def test_every_field_has_a_description(model: type[BaseModel]) -> None:
    assert _undescribed(model) == []


@pytest.mark.parametrize(
    "line",
    [models.ExtractLine, models.ScoreLine, models.MatchLine],
    ids=["extract", "score", "match"],
)
def test_the_json_schema_of_each_line_describes_every_property(line: object) -> None:
    schema = TypeAdapter(line).json_schema()
    definitions = schema["$defs"]
    ours = {m.__name__ for m in PUBLIC}
    checked = 0
    for name, definition in definitions.items():
        if name not in ours:
            continue
        for key, prop in definition["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description in the schema"
            checked += 1
    assert checked > 20


def test_salary_fields_are_described_too() -> None:
    assert _undescribed(Salary) == []
