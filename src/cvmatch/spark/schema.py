"""The Spark types of the result columns :func:`cvmatch.spark.extract_skills_df` adds."""

from __future__ import annotations

from typing import Any

__all__ = ["result_fields"]


def result_fields(with_salary: bool = False) -> list[Any]:
    """The added columns as ``StructField`` s, in order (``salary_value`` last when asked
    for): the found title, the skills (an array of structs), the closest role and the
    row's error, if any."""
    from pyspark.sql import types as t

    def text() -> Any:
        return t.StringType()

    attribute = t.StructType([t.StructField("name", text()), t.StructField("value", text())])
    evidence = t.StructType(
        [
            t.StructField("text", text()),
            t.StructField("start", t.IntegerType()),
            t.StructField("end", t.IntegerType()),
            t.StructField("section", text()),
        ]
    )
    skill = t.StructType(
        [
            t.StructField("id", text()),
            t.StructField("name", text()),
            t.StructField("category", text()),
            t.StructField("status", text()),
            t.StructField("required", t.BooleanType()),
            t.StructField("must_have", t.BooleanType()),
            t.StructField("attributes", t.ArrayType(attribute)),
            t.StructField("evidence", t.ArrayType(evidence)),
        ]
    )
    fields = [
        t.StructField("doc_title", text()),
        t.StructField("skills", t.ArrayType(skill)),
        t.StructField("role", text()),
        t.StructField("role_score", t.DoubleType()),
        t.StructField("in_scope", t.BooleanType()),
        t.StructField("ok", t.BooleanType(), False),
        t.StructField("error_type", text()),
        t.StructField("error_message", text()),
    ]
    if with_salary:
        fields.append(t.StructField("salary_value", t.DoubleType()))
    return fields
