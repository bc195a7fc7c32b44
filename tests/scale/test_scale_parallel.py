"""Process pools and Dask give the same bytes as one process (kg/parallel.py, kg/distributed.py)."""
from __future__ import annotations

import pytest

from kg.build import build
from kg.errors import UsageError
from kg.parallel import batched
from tests.scale.conftest import FORMATS, Built


@pytest.fixture(scope="module")
def two_workers(reference, corpus_dir, scale_tmp) -> Built:
    out = scale_tmp / "workers2"
    _, report = build([corpus_dir], out, formats=FORMATS, cache=False, workers=2)
    return Built(out, report)


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_workers_write_the_same_bytes(two_workers, reference, fmt):
    assert two_workers.report.processed == 5
    assert two_workers.bytes(fmt) == reference.bytes(fmt)


def test_dask_local_cluster_writes_the_same_bytes(reference, corpus_dir, scale_tmp):
    pytest.importorskip("distributed")
    out = scale_tmp / "dask"
    _, report = build([corpus_dir], out, formats=FORMATS, cache=False, engine="dask", workers=2)
    assert report.processed == 5
    for fmt in FORMATS:
        assert Built(out, report).bytes(fmt) == reference.bytes(fmt), fmt


@pytest.mark.parametrize("kwargs, message", [
    ({"workers": 0}, "at least 1"),
    ({"engine": "spark"}, "choose among local, dask"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "needs --engine dask"),
    ({"batch_size": 0}, "at least 1"),
])
def test_bad_options_are_usage_errors(tmp_path, kwargs, message):
    with pytest.raises(UsageError, match=message):
        build([tmp_path], tmp_path / "out", **kwargs)


@pytest.mark.parametrize("n, size, expected", [(0, 3, []), (5, 2, [2, 2, 1]), (4, 4, [4])])
def test_batched(n, size, expected):
    assert [len(b) for b in batched(range(n), size)] == expected
