"""The same per-test Chroma and model fixtures as the rag app's tests."""

from rag.tests.conftest import chroma, reindex, sync_on  # noqa: F401
