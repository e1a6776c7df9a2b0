"""RAG test fixtures: a fresh on-disk Chroma directory per test (xdist-safe) and the real model."""

import pytest

from rag import index, vectorstore


@pytest.fixture
def chroma(settings, tmp_path):
    """The collection the services will use, in this test's own directory."""
    settings.CHROMA_PATH = tmp_path / "chroma"
    settings.CHROMA_URL = ""
    return vectorstore.get_collection()


@pytest.fixture
def sync_on(settings, chroma):
    """Index jobs switched on and applied after each commit, into this test's collection."""
    settings.RAG_SYNC_ON_COMMIT = True
    settings.RAG_INDEX_DRAIN = "inline"
    return chroma


@pytest.fixture
def reindex(chroma):
    """reindex() -> stats: bring the test's index up to date with the database."""

    def run():
        return index.index_all(chroma)

    return run
