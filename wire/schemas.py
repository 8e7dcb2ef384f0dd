"""JSON schemas of the documents device and hub exchange, and one validator for them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema


class SchemaError(ValueError):
    """A document does not match its schema; the message names the path and the problem."""


@cache
def schema(name: str) -> dict[str, Any]:
    """Load the packaged JSON schema ``name`` (``transcript`` or ``note``)."""
    text = resources.files("wire").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    # Building a validator resolves the schema's references; the hub validates two documents
    # per note, so this is done once per schema, not once per document.
    return jsonschema.Draft202012Validator(schema(name))


def validate(name: str, document: Any) -> None:
    """Raise :class:`SchemaError` unless ``document`` matches schema ``name``."""
    validator = _validator(name)
    if validator.is_valid(document):
        return
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        msg = f"{name} document invalid at {where}: {error.message}"
        raise SchemaError(msg)
