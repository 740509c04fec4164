import hashlib
import importlib
import pkgutil
from pathlib import Path

import generator
from tests.conftest import ROOT

PAGE_SHA256 = "09fe579617d5fe291028314d9643f5ed4e4d32fc85cc54f49bcb75d52bbca1e4"


def test_source_page_is_byte_for_byte_the_original() -> None:
    data = (ROOT / "data/source/20210816.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == PAGE_SHA256


def test_core_never_imports_mkdocs() -> None:
    adapters = {"generator.plugin", "generator.sitebuild", "generator.preview"}
    for mod in pkgutil.iter_modules(generator.__path__, "generator."):
        if mod.name in adapters or mod.name == "generator.__main__":
            continue
        source = importlib.util.find_spec(mod.name).origin  # type: ignore[union-attr]
        text = Path(str(source)).read_text(encoding="utf-8")
        assert "import mkdocs" not in text and "from mkdocs" not in text, mod.name
