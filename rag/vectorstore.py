"""Chroma: embedded on disk (`CHROMA_PATH`) by default, a Chroma server when `CHROMA_URL` is set.

Imported lazily (chromadb takes about a second to import), so services start as fast as before.
Vectors are computed by `rag.embeddings` and passed in; the collection also carries our
registered embedding function, so Chroma never falls back to its own (downloading) default.
"""

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function
from django.conf import settings

from healthkon.api.exceptions import VectorStoreUnavailable
from healthkon.service_map import VECTOR_SERVER_MARKER
from rag import embeddings

COLLECTION = "healthkon_chunks"
_lock = threading.Lock()
_clients: dict[tuple[str, str], Any] = {}


@register_embedding_function
class HealthkonEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of the local model; registered so a stored collection re-opens with it."""

    def __init__(self, model_path: str | None = None):
        self.model_path = model_path

    def __call__(self, input: Documents) -> Embeddings:
        return list(embeddings.embed(list(input), path=self.model_path))

    @staticmethod
    def name() -> str:
        return "healthkon_local_sentence_transformer"

    def get_config(self) -> dict[str, Any]:
        return {"model_path": self.model_path}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "HealthkonEmbeddingFunction":
        return HealthkonEmbeddingFunction(model_path=config.get("model_path"))

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]


def running_server_url(path) -> str:
    """The URL of a Chroma server `runservices` runs on this directory, if it is still running.

    Opening the directory embedded while a server has it open would corrupt both views (the
    reason for the server): a `manage.py rag_index` typed beside `make run` goes to the server.
    """
    marker = Path(path) / VECTOR_SERVER_MARKER
    try:
        running = json.loads(marker.read_text())
        os.kill(int(running["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return str(running.get("url", ""))


def get_client(*, path: str | None = None, url: str | None = None):
    """One client per location per process."""
    url = settings.CHROMA_URL if url is None else url
    path = str(settings.CHROMA_PATH if path is None else path)
    url = url or running_server_url(path)
    key = ("url", url) if url else ("path", path)
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                chroma_settings = ChromaSettings(anonymized_telemetry=False)
                if url:
                    parsed = urlparse(url)
                    try:
                        client = chromadb.HttpClient(
                            host=parsed.hostname or "127.0.0.1",
                            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                            ssl=parsed.scheme == "https",
                            settings=chroma_settings,
                        )
                    except ValueError as error:  # "Could not connect to a Chroma server": not cached, retried
                        raise VectorStoreUnavailable from error
                else:
                    client = chromadb.PersistentClient(path=path, settings=chroma_settings)
                _clients[key] = client
    return client


def get_collection(*, client=None, name: str | None = None):
    client = client or get_client()
    return client.get_or_create_collection(
        name=name or getattr(settings, "RAG_COLLECTION", COLLECTION),
        embedding_function=HealthkonEmbeddingFunction(),
        metadata={"hnsw:space": "cosine"},
    )


def reset_collection(*, client=None, name: str | None = None):
    """Drop and recreate the collection (`rag_index --rebuild`)."""
    client = client or get_client()
    name = name or getattr(settings, "RAG_COLLECTION", COLLECTION)
    with contextlib.suppress(Exception):  # absent already: nothing to drop
        client.delete_collection(name)
    return get_collection(client=client, name=name)


def batch_size(collection) -> int:
    try:
        return max(1, min(5000, collection._client.get_max_batch_size()))
    except Exception:  # noqa: BLE001 -- HTTP clients may not say; a safe default
        return 1000
