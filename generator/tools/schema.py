"""JSON Schemas for the data files, generated from the models (never edited by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.core.models import FILE_MODELS


def schema_text(kind: str) -> str:
    schema = FILE_MODELS[kind].model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"{kind}.yml"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path, check: bool = False) -> list[Path]:
    """Write (or, with check, only compare) every schema; return the ones that differ."""
    stale = []
    for kind in FILE_MODELS:
        path = folder / f"{kind}.schema.json"
        text = schema_text(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return stale
