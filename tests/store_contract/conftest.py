"""Every contract test runs once per backend: a fresh folder store and a fresh database."""

import pytest

from model.store.interface import create_backend


@pytest.fixture(params=["ordner", "postgresql"])
def backend(request, tmp_path):
    if request.param == "ordner":
        yield create_backend(tmp_path / "store", "ADM")
        return
    url = request.getfixturevalue("postgres_url")
    store = create_backend(url, "ADM")
    yield store
    store.close()


@pytest.fixture
def location(request, tmp_path, backend):
    """Where `backend` is, to open a second view of the same store (a colleague's PC)."""
    return backend.url if hasattr(backend, "url") and isinstance(backend.root, str) else backend.root
