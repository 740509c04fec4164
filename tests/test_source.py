import hashlib

from tests.conftest import ROOT

PAGE_SHA256 = "09fe579617d5fe291028314d9643f5ed4e4d32fc85cc54f49bcb75d52bbca1e4"


def test_source_page_is_byte_for_byte_the_original() -> None:
    data = (ROOT / "data/source/20210816.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == PAGE_SHA256
